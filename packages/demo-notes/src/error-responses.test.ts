/**
 * Bad input over a real socket: every answer is a 4xx that says what was wrong, never a stack
 * trace or a server path — whatever NODE_ENV is (vitest runs with `test`, where Express's own
 * final handler would print the stack).
 */
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMountServer } from '@graft/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotesApp } from './app.js';

const app = createNotesApp();
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer(createMountServer({ mounts: { '/tools/notes': app }, identity: () => 'alice' }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  rmSync(app.notes.uploadDir, { recursive: true, force: true });
});

/** A stack frame, or a path on this machine. */
const LEAK = /\n\s+at |\bat [\w.<>]+ \(|\/work\/|node_modules|[A-Z]:\\|\.(?:js|ts):\d+/;

const cases: Array<[string, string, RequestInit, number]> = [
  ['malformed JSON to the API', '/api/notes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title": ' }, 400],
  [
    'a JSON body that is not an object or array',
    '/api/notes',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: '"x"' },
    400,
  ],
  [
    'an unknown charset to the API',
    '/api/notes',
    { method: 'POST', headers: { 'content-type': 'application/json; charset=klingon' }, body: '{}' },
    415,
  ],
  [
    'an oversized form',
    '/notes/x/delete',
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `a=${'x'.repeat(200_000)}` },
    413,
  ],
  [
    'an unknown charset to a form',
    '/notes/x/delete',
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=klingon' }, body: 'a=b' },
    415,
  ],
  [
    'a multipart form without its boundary',
    '/notes',
    { method: 'POST', headers: { 'content-type': 'multipart/form-data' }, body: 'title=x' },
    400,
  ],
  [
    'a truncated multipart form',
    '/notes',
    {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
      body: '--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nx',
    },
    400,
  ],
  ['a malformed escape in a path parameter', '/notes/%E0%A4%A', {}, 400],
];

describe('bad input gets a plain 4xx, no stack trace or server path', () => {
  it.each(cases)('%s', async (_name, path, init, status) => {
    const response = await fetch(`${origin}/tools/notes${path}`, init);
    const body = await response.text();
    expect(body).not.toMatch(LEAK);
    expect(response.status).toBe(status);
  });
});
