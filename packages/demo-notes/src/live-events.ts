/**
 * The live page's server-sent events: a clock tick every second and a `note-created` event when
 * the signed-in user creates a note (in any tab, or through the API).
 */
import type { Response } from 'express';
import type { NotesStore } from './notes-store.js';

/** Milliseconds between clock events. */
export const CLOCK_INTERVAL = 1000;

function send(res: Response, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/**
 * Streams events until the client goes away. `no-transform` keeps compressing proxies (and
 * Next's gzip) from buffering the stream.
 */
export function streamEvents(res: Response, store: NotesStore, owner: string): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  send(res, 'clock', { now: new Date().toISOString() });
  const timer = setInterval(() => send(res, 'clock', { now: new Date().toISOString() }), CLOCK_INTERVAL);
  const unsubscribe = store.onCreated((event) => {
    if (event.owner === owner) send(res, 'note-created', { id: event.note.id, title: event.note.title });
  });
  res.on('close', () => {
    clearInterval(timer);
    unsubscribe();
  });
}
