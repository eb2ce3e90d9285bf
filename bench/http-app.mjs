/**
 * The Express 5 app every HTTP scenario serves: on its own port (a), mounted in a Next route by
 * `@graft/next` (c), behind Next's `rewrites()` proxy (d), behind `createMountServer` (e), and
 * through fetch-to-node in a Next route (f).
 *
 *   GET  /hello            'Hello World' as text
 *   GET  /json             the ~1 KB JSON document
 *   GET  /download?bytes=N N bytes (default 512 MiB) in 64 KiB writes that respect backpressure,
 *                          with a Content-Length, as a file download would be sent: each chunk
 *                          a new buffer, as a file read stream gives (a route that holds the
 *                          chunks it was given then shows it in its RSS; with one buffer
 *                          written again and again, holding 512 MiB of it would cost nothing)
 *   POST /upload           reads the whole body and answers { bytes } (what arrived)
 *   GET  /drip             a 6-byte chunk at once and every 200 ms after, 5 in all
 */
import express from 'express';
import { JSON_DOCUMENT } from './json-document.mjs';

export const DRIP_INTERVAL_MS = 200;
export const DRIP_CHUNKS = 5;
const CHUNK_BYTES = 64 * 1024;

export function createBenchApp() {
  const app = express();
  app.set('etag', false);
  app.set('x-powered-by', false);

  app.get('/hello', (_req, res) => {
    res.send('Hello World');
  });

  app.get('/json', (_req, res) => {
    res.json(JSON_DOCUMENT);
  });

  app.get('/download', (req, res) => {
    const total = Number(req.query.bytes ?? 512 * 2 ** 20);
    if (!Number.isSafeInteger(total) || total < 0) return res.status(400).send('bytes must be a whole number');
    res.setHeader('content-type', 'application/octet-stream');
    res.setHeader('content-length', String(total));
    let left = total;
    const pump = () => {
      while (left > 0) {
        const chunk = Buffer.allocUnsafe(Math.min(left, CHUNK_BYTES)).fill(0x61);
        left -= chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    // A client that leaves must not keep the loop waiting for a 'drain' that never comes.
    res.on('close', () => {
      left = 0;
    });
    pump();
  });

  app.post('/upload', (req, res) => {
    let bytes = 0;
    req.on('data', (chunk) => {
      bytes += chunk.length;
    });
    req.on('end', () => res.json({ bytes }));
    req.on('error', () => res.destroy());
  });

  app.get('/drip', (_req, res) => {
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    let sent = 0;
    const tick = () => {
      sent++;
      res.write(`tick${sent}\n`);
      if (sent === DRIP_CHUNKS) {
        clearInterval(timer);
        res.end();
      }
    };
    const timer = setInterval(tick, DRIP_INTERVAL_MS);
    res.on('close', () => clearInterval(timer));
    tick();
  });

  return app;
}

/** The root app of the front door (e): what answers every path outside `/tools`. */
export function defaultApp(_req, res) {
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end('default app');
}
