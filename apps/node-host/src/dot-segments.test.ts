/**
 * The node-host's front door against paths with dot-segments: the Next site at `/` resolves
 * `/%2e/tools/koa` to `/tools/koa` (Next parses `req.url` with WHATWG `new URL`), where its Koa
 * and Express tools live — behind the `/tools` mount's sign-in gate. Such paths must not take the
 * root mount around that gate: the front door answers them 400.
 *
 * Raw TCP: `fetch` and Node's http client would resolve the dot-segments before sending.
 */
import { rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { getGraftContext } from '@graft/core';
import { createNotesApp } from '@graft/demo-notes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFrontDoor } from './front-door.js';
import { ALICE_TOKEN, listen, SECRET, sessionCookie } from './test-support.js';

const KOA_ANSWER = 'koa tool: whoami';

/** Stands where the Next site is, routing as Next does: on the WHATWG-normalised path. */
function site(req: IncomingMessage, res: ServerResponse) {
  const pathname = new URL(req.url ?? '/', 'http://n').pathname;
  const user = getGraftContext(req)?.identity?.id ?? null;
  res.setHeader('content-type', 'text/plain');
  res.setHeader('x-answered-by', 'site');
  // The Next demo's /tools/koa route serves the Koa app: the front door's gate must guard it.
  res.end(pathname.startsWith('/tools/') ? `${KOA_ANSWER} ${user}` : `site page ${pathname}`);
}

/** GET `target` exactly as written; resolves with status and body once the server closes. */
function rawGet(port: number, target: string, headers: string[] = []): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to ${target}`));
    }, 5000);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ status: Number(received.slice(9, 12)), text: received });
    });
    socket.write([`GET ${target} HTTP/1.1`, 'Host: site.test', ...headers, 'Connection: close', '', ''].join('\r\n'));
  });
}

describe('the front door and dot-segments', () => {
  const notes = createNotesApp();
  let server: Awaited<ReturnType<typeof listen>>;
  let port: number;
  let alice: string;

  beforeAll(async () => {
    alice = await sessionCookie(ALICE_TOKEN);
    server = await listen(
      createFrontDoor({
        origin: 'http://site.test',
        secret: SECRET,
        site: { handler: site },
        // Remix routes on new URL(request.url) too.
        remix: { handle: async (request) => new Response(`remix ${new URL(request.url).pathname}`), assetsDir: '/nonexistent' },
        notes,
      }),
    );
    port = Number(new URL(server.url).port);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(notes.notes.uploadDir, { recursive: true, force: true });
  });

  it('sends anonymous visitors of the Koa tool to sign-in, and signed-in ones through', async () => {
    const anonymous = await rawGet(port, '/tools/koa/whoami');
    expect(anonymous.status).toBe(307);
    expect(anonymous.text).not.toContain(KOA_ANSWER);
    const signedIn = await rawGet(port, '/tools/koa/whoami', [`Cookie: ${alice}`]);
    expect(signedIn.status).toBe(200);
    expect(signedIn.text).toContain(`${KOA_ANSWER} alice@example.com`);
  });

  it('answers 400 to anonymous dot-segment paths that the site would resolve to the Koa tool', async () => {
    for (const target of [
      '/%2e/tools/koa/whoami',
      '/%2E/tools/koa/whoami',
      '/./tools/koa/whoami',
      '/x/../tools/koa/whoami',
      '/remix/%2e%2e/tools/koa/whoami',
      '/x\\..\\tools/koa/whoami',
      '//site.test/tools/koa/whoami',
    ]) {
      const answer = await rawGet(port, target);
      expect(answer.text, target).not.toContain(KOA_ANSWER);
      expect(answer.status, target).toBe(400);
      expect(answer.text, target).toMatch(/\r\n\r\nBad Request: /);
    }
  });
});
