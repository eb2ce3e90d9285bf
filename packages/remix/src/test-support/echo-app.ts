/**
 * The real Express 5 app the tests embed: it reports what it received (so tests can see the
 * path, query, identity and headers the bridge delivered), hashes uploads, streams, redirects
 * under its mount point, serves a small HTML page and two form targets (for the browser tests), and
 * can be made to wait until the client goes away.
 */
import { createHash } from 'node:crypto';
import { getGraftContext } from '@graft/core';
import express, { type Express } from 'express';

/** What `/echo…` (and any unknown path) answers with. */
export interface EchoReport {
  method: string;
  url: string;
  baseUrl: string;
  originalUrl: string;
  identity: unknown;
  remoteUser: string | null;
  locals: Record<string, unknown>;
  ip: string | undefined;
}

/** Creates the app; `events` records what the app saw happen (e.g. `'aborted /slow'`). */
export function createEchoApp(events: string[] = []): Express {
  const app = express();
  app.disable('x-powered-by');

  app.post('/upload', (req, res) => {
    const hash = createHash('sha256');
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      hash.update(chunk);
    });
    req.on('end', () => res.json({ bytes, sha256: hash.digest('hex') }));
  });

  app.get('/download/:size', (req, res) => {
    const size = Number(req.params.size);
    res.type('application/octet-stream');
    // Deterministic bytes, written in chunks with backpressure.
    let sent = 0;
    const pump = (): void => {
      while (sent < size) {
        // A new buffer per write: the stream keeps a reference until it is read.
        const chunk = Buffer.alloc(Math.min(16 * 1024, size - sent));
        for (let i = 0; i < chunk.length; i++) chunk[i] = (sent + i) % 251;
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });

  app.get('/go-home', (req, res) => res.redirect(`${req.baseUrl}/echo/home`));

  // A page, as a browser shows it: where the host's links, forms and redirects into the mount end.
  app.get('/landing', (req, res) => {
    res
      .type('html')
      .send(
        `<!doctype html><title>Echo app</title><h1>Embedded echo app</h1><p id="seen">${escapeHtml(`${req.method} ${req.originalUrl}`)}</p>`,
      );
  });
  // Form targets: one answers POST-redirect-GET, the other with a page of its own.
  app.post('/form-post', express.urlencoded({ extended: false }), (req, res) => {
    res.redirect(303, `${req.baseUrl}/landing?posted=${encodeURIComponent(String(req.body?.note ?? ''))}`);
  });
  app.post('/form-page', express.urlencoded({ extended: false }), (req, res) => {
    res
      .type('html')
      .send(
        `<!doctype html><title>Echo app</title><h1>Posted to the echo app</h1><p id="note">${escapeHtml(String(req.body?.note ?? ''))}</p>`,
      );
  });
  app.get('/relative/go', (_req, res) => res.redirect('there?from=go'));

  app.get('/boom', () => {
    throw new Error('boom');
  });

  // A stream that stays open: one chunk now, then nothing until the client leaves.
  app.get('/ticks', (req, res) => {
    res.type('text/event-stream').write('data: first\n\n');
    res.on('close', () => events.push(`closed ${req.originalUrl} finished=${res.writableFinished}`));
  });

  // A body the app gives up on half way.
  app.get('/broken', (_req, res) => {
    res.type('text/plain').write('half');
    setImmediate(() => res.destroy(new Error('the app gave up')));
  });

  app.get('/slow', (req, res) => {
    events.push(`started ${req.originalUrl}`);
    res.on('close', () => events.push(`closed ${req.originalUrl} finished=${res.writableFinished}`));
  });

  app.use((req, res) => {
    const context = getGraftContext(req);
    const report: EchoReport = {
      method: req.method,
      url: req.url,
      baseUrl: req.baseUrl,
      originalUrl: req.originalUrl,
      identity: context?.identity ?? null,
      remoteUser: (req.headers['x-remote-user'] as string | undefined) ?? null,
      locals: context?.locals ?? {},
      ip: req.ip,
    };
    res.set('x-echo', 'yes').json(report);
  });
  return app;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The bytes `/download/:size` sends. */
export function downloadBytes(size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = i % 251;
  return out;
}
