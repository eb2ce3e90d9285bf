/**
 * The notes app (Express 5, from @graft/demo-notes). Kept on `globalThis` so that dev reloads
 * keep the same notes and upload directory.
 */
import { createNotesApp, type NotesApp } from '@graft/demo-notes';

const globalForNotes = globalThis as typeof globalThis & { graftRemixDemoNotes?: NotesApp };

export const notesApp: NotesApp = (globalForNotes.graftRemixDemoNotes ??= createNotesApp());
