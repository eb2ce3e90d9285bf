/**
 * The JSON API under `/api` (described by {@link notesOpenApiSpec}), with CORS for the origins
 * the host allows.
 */
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import { clientErrorStatus } from './error-responses.js';
import { parseNoteInput } from './note-input.js';
import type { Note, NotesStore } from './notes-store.js';
import { identityOf } from './request-context.js';

/** A note as the API shows it: attachments get a download URL instead of their disk path. */
export function noteJson(note: Note, base: string) {
  return {
    id: note.id,
    title: note.title,
    body: note.body,
    createdAt: note.createdAt,
    attachments: note.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      mimeType: a.mimeType,
      size: a.size,
      url: `${base}/notes/${note.id}/attachments/${a.id}`,
    })),
  };
}

function corsHeaders(req: Request, res: Response, origins: readonly string[]): void {
  res.vary('Origin');
  const origin = req.headers.origin;
  if (origin && origins.includes(origin)) {
    res.set('access-control-allow-origin', origin);
    res.set('access-control-allow-credentials', 'true');
  }
}

/** Builds the API router. `corsOrigins` may call it from other sites (with their cookies). */
export function apiRoutes(store: NotesStore, corsOrigins: readonly string[]): Router {
  const api = express.Router();

  api.use((req, res, next) => {
    corsHeaders(req, res, corsOrigins);
    if (req.method === 'OPTIONS') {
      // Preflights carry no identity: answer them before the sign-in check.
      res.set('access-control-allow-methods', 'GET, POST, DELETE');
      res.set('access-control-allow-headers', 'content-type');
      res.set('access-control-max-age', '600');
      res.set('x-notes-preflight', 'answered-by-notes-app');
      res.status(204).end();
      return;
    }
    if (!identityOf(req)) {
      res.status(401).json({ error: 'not signed in' });
      return;
    }
    next();
  });

  // The mount path of the app (req.baseUrl inside this router is the app's mount + '/api').
  const base = (req: Request) => req.baseUrl.slice(0, -'/api'.length);
  const owner = (req: Request) => identityOf(req)!.id;

  api.get('/me', (req, res) => {
    res.json(identityOf(req));
  });

  api.get('/notes', (req, res) => {
    res.json(store.list(owner(req)).map((note) => noteJson(note, base(req))));
  });

  api.post('/notes', express.json({ limit: '100kb' }), (req, res) => {
    const input = parseNoteInput(req.body);
    if (!input.ok) {
      res.status(400).json({ error: input.error });
      return;
    }
    const note = store.create(owner(req), input);
    res
      .status(201)
      .location(`${req.baseUrl}/notes/${note.id}`)
      .json(noteJson(note, base(req)));
  });

  api.get('/notes/:id', (req, res) => {
    const note = store.get(owner(req), req.params.id);
    if (!note) res.status(404).json({ error: 'no such note' });
    else res.json(noteJson(note, base(req)));
  });

  api.delete('/notes/:id', (req, res) => {
    if (!store.remove(owner(req), req.params.id)) res.status(404).json({ error: 'no such note' });
    else res.status(204).end();
  });

  api.use((_req, res) => {
    res.status(404).json({ error: 'no such API route' });
  });
  // Malformed or oversized JSON bodies: body-parser's 400/413, as JSON.
  api.use(((error, _req, res, _next) => {
    const status = clientErrorStatus(error) ?? 500;
    if (status === 500) console.error('[notes api] request failed:', error);
    // A client error's message says what was wrong; nothing else (no stack, no path) goes out.
    res.status(status).json({ error: status === 500 ? 'internal error' : String(error.message) });
  }) satisfies ErrorRequestHandler);
  return api;
}
