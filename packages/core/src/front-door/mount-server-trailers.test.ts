/**
 * Identity headers sent as trailers: a chunked request body can end with header fields
 * (`req.trailers`, `req.rawTrailers`, `req.trailersDistinct`), which Node's parser fills in
 * only after the app has started reading. Client copies of protected identity headers must not
 * reach an app there either — through `createMountServer`, and not through `callNodeApp`.
 * Real sockets, real chunked bodies.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { orAfter } from '../test-support/deferred.js';
import { serveThroughGraft } from '../test-support/graft-http-server.js';
import { bodyOf, connectTo, startServer, statusOf, type TestServer } from '../test-support/http-server.js';
import { createMountServer } from './mount-server.js';

let running: { close(): Promise<void> } | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** The trailers an app saw once it had read the whole body, in all three views. */
interface SeenTrailers {
  body: string;
  trailers: Record<string, string>;
  raw: string[];
  distinct: Record<string, string[]>;
}

/** A Node app that reads the body to the end, then reports the trailers. */
function trailerEcho(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    const seen: SeenTrailers = {
      body,
      trailers: req.trailers as Record<string, string>,
      raw: req.rawTrailers,
      distinct: { ...req.trailersDistinct } as Record<string, string[]>,
    };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(seen));
  });
}

const HOSTILE_TRAILERS = [
  'X-Remote-User: admin',
  'remote_user: admin',
  'X-Forwarded-User: admin',
  'x-tenant-user: admin',
  'X-Checksum: abc',
  'X-Checksum: def',
];

/** POSTs a two-chunk body ending in `trailers`, over a raw socket. */
async function postChunked(port: number, path: string, trailers: string[], headers: string[] = []): Promise<SeenTrailers> {
  const socket = await connectTo(port);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve('closed')));
  const message = [
    `POST ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Transfer-Encoding: chunked',
    'Trailer: X-Remote-User, X-Checksum',
    ...headers,
    'Connection: close',
    '',
    '5',
    'hello',
    '6',
    ' world',
    '0',
    ...trailers,
    '',
    '',
  ].join('\r\n');
  socket.write(message);
  const outcome = await orAfter(closed, 5000, 'open');
  socket.destroy();
  const raw = Buffer.concat(chunks).toString('latin1');
  expect(outcome, raw).toBe('closed');
  expect(statusOf(raw), raw).toBe(200);
  return JSON.parse(bodyOf(raw)) as SeenTrailers;
}

function expectNoIdentityTrailers(seen: SeenTrailers): void {
  expect(seen.body).toBe('hello world');
  expect(Object.keys(seen.trailers).sort()).toEqual(['x-checksum']);
  expect(seen.trailers['x-checksum']).toBe('abc, def');
  expect(Object.keys(seen.distinct).sort()).toEqual(['x-checksum']);
  expect(seen.distinct['x-checksum']).toEqual(['abc', 'def']);
  expect(seen.raw).toEqual(['X-Checksum', 'abc', 'X-Checksum', 'def']);
}

describe('createMountServer strips identity headers from trailers', () => {
  async function front(): Promise<TestServer> {
    const server = createMountServer({
      mounts: { '/node': trailerEcho, '/express': express().use(trailerEcho) },
      identity: () => 'alice',
      identityHeader: 'X-Tenant-User',
      onError: () => {},
    });
    const started = await startServer(server);
    running = started;
    return started;
  }

  it('removes them from req.trailers, req.rawTrailers and req.trailersDistinct of a Node app', async () => {
    const { port } = await front();
    expectNoIdentityTrailers(await postChunked(port, '/node/upload', HOSTILE_TRAILERS));
  });

  it('removes them for an Express app, and leaves clean trailers as they are', async () => {
    const { port } = await front();
    expectNoIdentityTrailers(await postChunked(port, '/express/upload', HOSTILE_TRAILERS));
    const clean = await postChunked(port, '/node/upload', ['X-Checksum: abc', 'X-Checksum: def']);
    expectNoIdentityTrailers(clean);
  });
});

describe('callNodeApp', () => {
  it('hands the app no trailers at all: a Fetch Request cannot carry them', async () => {
    const host = await serveThroughGraft(trailerEcho, () => ({ identity: { id: 'alice' }, identityHeader: 'X-Remote-User' }));
    running = host;
    const seen = await postChunked(host.port, '/upload', HOSTILE_TRAILERS);
    expect(seen).toEqual({ body: 'hello world', trailers: {}, raw: [], distinct: {} });
  });
});
