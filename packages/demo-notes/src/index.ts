/**
 * `@graft/demo-notes`: a small Express 5 notes app that the Graft demos embed, and its OpenAPI
 * description.
 */
export { createNotesApp, type NotesApp, type NotesAppOptions } from './app.js';
export { type Attachment, createNotesStore, type Note, type NoteCreatedEvent, type NotesStore } from './notes-store.js';
export { notesOpenApiSpec, type OpenApiDocument } from './openapi.js';
export { IDENTITY_HEADER } from './request-context.js';
