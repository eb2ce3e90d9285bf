import { existsSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getGraftContext, InvalidOptionError } from '@graft/core';
import { createNotesApp, type NotesApp } from '@graft/demo-notes';
import { createRequestHandler, type ServerBuild } from '@remix-run/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFrontDoor, type FrontDoorOptions } from './front-door.js';
import type { RemixRequestHandler } from './remix-mount.js';
import { ALICE_TOKEN, listen, SECRET, sessionCookie } from './test-support.js';

// The Remix demo as this package's build made it (basename /remix): `turbo run test` builds first.
const REMIX_BUILD = fileURLToPath(new URL('../build/remix', import.meta.url));
const ORIGIN = 'http://site.test';

/** Stands where the Next site is: says which path and user it got. */
function site(req: IncomingMessage, res: ServerResponse) {
  res.setHeader('content-type', 'application/json');
  res.setHeader('x-answered-by', 'site');
  res.end(JSON.stringify({ url: req.url, identity: getGraftContext(req)?.identity?.id ?? null }));
}

describe('the front door', () => {
  const notes = createNotesApp();
  let server: Awaited<ReturnType<typeof listen>>;
  let alice: string;
  let options: FrontDoorOptions;

  beforeAll(async () => {
    const serverBuild = `${REMIX_BUILD}/server/index.js`;
    if (!existsSync(serverBuild)) throw new Error(`no Remix build at ${serverBuild}: run \`npm run build\` first`);
    const build = (await import(pathToFileURL(serverBuild).href)) as ServerBuild;
    alice = await sessionCookie(ALICE_TOKEN);
    options = {
      origin: ORIGIN,
      secret: SECRET,
      site: { handler: site },
      remix: {
        handle: createRequestHandler(build, 'production') as RemixRequestHandler,
        assetsDir: `${REMIX_BUILD}/client/assets`,
      },
      notes,
    };
    server = await listen(createFrontDoor(options));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(notes.notes.uploadDir, { recursive: true, force: true });
    // The Remix demo keeps its own notes app on globalThis.
    const remixNotes = (globalThis as { graftRemixDemoNotes?: NotesApp }).graftRemixDemoNotes;
    if (remixNotes) rmSync(remixNotes.notes.uploadDir, { recursive: true, force: true });
  });

  const get = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { redirect: 'manual', ...init });
  const asAlice = (headers: Record<string, string> = {}) => ({ headers: { cookie: alice, ...headers } });

  it('sends every path no other mount takes to the site at /, with the user', async () => {
    for (const path of ['/', '/api/auth/signin', '/remixed', '/toolsbox']) {
      const response = await get(path, asAlice());
      expect(response.headers.get('x-answered-by'), path).toBe('site');
      expect(await response.json()).toEqual({ url: path, identity: 'alice@example.com' });
    }
  });

  it('serves the Remix site under /remix, with sign-in links that lead to NextAuth', async () => {
    const response = await get('/remix/');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1>Graft in Remix</h1>');
    expect(html).toContain('href="/remix/tools/notes/"');
    expect(html).toContain(`href="${ORIGIN}/api/auth/signin?callbackUrl=%2Fremix%2F"`);
  });

  it("makes the front door's user the Remix site's user", async () => {
    const html = await (await get('/remix/', asAlice())).text();
    expect(html).toMatch(/data-testid="host-user">Signed in as <strong>Alice<\/strong>/);
    expect(html).toContain(`href="${ORIGIN}/api/auth/signout?callbackUrl=%2F"`);
  });

  it("sends the Remix site's sign-in and sign-out to NextAuth's pages", async () => {
    const login = await get('/remix/login?redirectTo=%2Ftools%2Fnotes%2F');
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toBe(`${ORIGIN}/api/auth/signin?callbackUrl=%2Fremix%2Ftools%2Fnotes%2F`);
    // A signed-in user goes straight back.
    const back = await get('/remix/login?redirectTo=%2Ftools%2Fnotes%2F', asAlice());
    expect(back.headers.get('location')).toBe('/remix/tools/notes/');

    const logout = await get('/remix/logout', { method: 'POST', ...asAlice() });
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe(`${ORIGIN}/api/auth/signout?callbackUrl=%2F`);
  });

  it("runs the Remix site's notes mount as the front door's user, ignoring a forged header", async () => {
    const page = await get('/remix/tools/notes/', asAlice({ 'x-remote-user': 'mallory' }));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-testid="identity-id">alice@example.com<');
    expect(html).toContain('data-testid="identity-header">alice@example.com<');
    expect(html).toContain('data-testid="base-url">/remix/tools/notes<');

    // The app's redirect keeps the basename once.
    const created = await get('/remix/tools/notes/notes', {
      method: 'POST',
      body: new URLSearchParams({ title: 'through Remix' }),
      ...asAlice(),
    });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toMatch(/^\/remix\/tools\/notes\/notes\/[0-9a-f-]{36}$/);
  });

  it("sends anonymous visitors of the Remix site's mounts to its sign-in page, under the basename", async () => {
    const response = await get('/remix/tools/notes/', { headers: { 'x-remote-user': 'alice@example.com' } });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/remix/login?redirectTo=%2Ftools%2Fnotes%2F');
  });

  it("serves the Remix site's browser assets, cached for good", async () => {
    const html = await (await get('/remix/')).text();
    const entry = /\/remix\/assets\/entry\.client-[\w-]+\.js/.exec(html)?.[0];
    expect(entry).toBeDefined();
    const asset = await get(entry!);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await get('/remix/assets/no-such-file.js')).status).toBe(404);
  });

  it('refuses an origin that is not an http(s) origin', () => {
    for (const origin of ['localhost:3002', 'ftp://site.test', 'http://site.test/base']) {
      expect(() => createFrontDoor({ ...options, origin })).toThrow(InvalidOptionError);
    }
  });
});
