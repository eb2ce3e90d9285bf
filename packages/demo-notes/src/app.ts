/**
 * `createNotesApp`: the Express 5 app the demos embed. It knows nothing about Next or Remix: it
 * reads the signed-in user from `req.graft.identity` and builds every link from `req.baseUrl`.
 */
import express, { type Express } from 'express';
import { apiRoutes } from './api-routes.js';
import { resolveUploadDir, uploadErrorHandler } from './attachments.js';
import { errorResponder } from './error-responses.js';
import { createNotesStore, type NotesStore } from './notes-store.js';
import { pageRoutes } from './page-routes.js';

/** Options of {@link createNotesApp}. */
export interface NotesAppOptions {
  /** Where notes are kept. Default: a new in-memory store. */
  store?: NotesStore;
  /** Where attachments are stored. Default: a new directory under the OS temp dir. */
  uploadDir?: string;
  /** The largest accepted attachment in bytes. Default 50 MiB. */
  maxFileSize?: number;
  /** Origins allowed to call the JSON API from the browser (CORS). Default none. */
  corsOrigins?: readonly string[];
}

/** The Express app, with the store and upload directory it uses. */
export type NotesApp = Express & { notes: { store: NotesStore; uploadDir: string } };

/**
 * Creates the notes app: HTML pages with forms, attachments (uploaded to disk, downloaded as
 * streams), a live page fed by server-sent events, and a JSON API under `/api` (see
 * `notesOpenApiSpec`). Every page and API call acts as `req.graft.identity`; without one the
 * pages say so (401) and offer `/login`, which redirects to `locals.signInUrl` when the host
 * gives one (likewise `/logout` and `locals.signOutUrl`). Bad input gets a plain 4xx and a
 * failure a bare 500: no response carries a stack trace or a server path.
 */
export function createNotesApp(options: NotesAppOptions = {}): NotesApp {
  const store = options.store ?? createNotesStore();
  const uploadDir = resolveUploadDir(options.uploadDir);
  const app = express() as NotesApp;
  app.notes = { store, uploadDir };
  app.disable('x-powered-by');

  app.use('/api', apiRoutes(store, options.corsOrigins ?? []));
  app.use(express.urlencoded({ extended: false, limit: '100kb' }));
  app.use(pageRoutes(store, uploadDir, options.maxFileSize ?? 50 * 1024 * 1024));
  app.use(uploadErrorHandler);
  // Whatever else went wrong: a status and a short text, never a stack trace or a server path.
  app.use(errorResponder);
  return app;
}
