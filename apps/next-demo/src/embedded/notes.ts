/**
 * The demo's one notes app. Kept on `globalThis` so that every route bundle (and dev reloads)
 * share the same notes and upload directory.
 */
import { createNotesApp, type NotesApp } from '@graft/demo-notes';

const globalForNotes = globalThis as typeof globalThis & { graftDemoNotes?: NotesApp };

/** A "partner site" allowed to call the notes API from the browser (shows CORS preflights). */
export const NOTES_CORS_ORIGINS: readonly string[] = ['http://partner.localhost:4000'];

export const notesApp: NotesApp = (globalForNotes.graftDemoNotes ??= createNotesApp({
  corsOrigins: NOTES_CORS_ORIGINS,
}));
