import { rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createMountServer, getGraftContext } from '@graft/core';
import { createNotesApp } from '@graft/demo-notes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextAuthSessionIdentity } from './session-identity.js';
import { ALICE_TOKEN, listen, SECRET, sessionCookie } from './test-support.js';
import { createToolsApp } from './tools-app.js';

const notes = createNotesApp();

/** Stands where the Next site is: says which path and user it got. */
function site(req: IncomingMessage, res: ServerResponse) {
  res.setHeader('content-type', 'application/json');
  res.setHeader('x-answered-by', 'site');
  res.end(JSON.stringify({ url: req.url, identity: getGraftContext(req)?.identity?.id ?? null }));
}

describe('the /tools app behind the front door', () => {
  let server: Awaited<ReturnType<typeof listen>>;
  let alice: string;
  beforeAll(async () => {
    alice = await sessionCookie(ALICE_TOKEN);
    server = await listen(
      createMountServer({
        mounts: { '/tools': createToolsApp({ notes, site }), '/': site },
        identity: nextAuthSessionIdentity({ secret: SECRET, secureCookie: false }),
        identityHeader: 'x-remote-user',
      }),
    );
  });
  afterAll(async () => {
    await server.close();
    rmSync(notes.notes.uploadDir, { recursive: true, force: true });
  });

  const get = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { redirect: 'manual', ...init });

  it('sends anonymous visitors to the NextAuth sign-in page, coming back to the page they asked for', async () => {
    for (const path of ['/tools/', '/tools/notes/live?x=1', '/tools/koa']) {
      const response = await get(path);
      expect(response.status).toBe(307);
      expect(response.headers.get('location')).toBe(`/api/auth/signin?callbackUrl=${encodeURIComponent(path)}`);
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('answers an anonymous form post with 303, so the browser does not re-send it to the sign-in page', async () => {
    const response = await get('/tools/notes/notes', { method: 'POST', body: new URLSearchParams({ title: 'x' }) });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/api/auth/signin?callbackUrl=%2Ftools%2Fnotes%2Fnotes');
  });

  it('does not let a forged identity header in', async () => {
    const response = await get('/tools/notes/', { headers: { 'x-remote-user': 'alice@example.com' } });
    expect(response.status).toBe(307);
  });

  it('lets CORS preflights through to the notes app, which answers them itself', async () => {
    const response = await get('/tools/notes/api/notes', {
      method: 'OPTIONS',
      headers: { origin: 'http://partner.test', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('x-notes-preflight')).toBe('answered-by-notes-app');
  });

  it('serves the notes app to a signed-in user, under /tools/notes, with the user in the trusted header', async () => {
    const page = await get('/tools/notes/', { headers: { cookie: alice, 'x-remote-user': 'mallory' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-testid="identity-id">alice@example.com<');
    expect(html).toContain('data-testid="identity-header">alice@example.com<');
    expect(html).toContain('action="/tools/notes/notes"');

    const created = await get('/tools/notes/api/notes', {
      method: 'POST',
      headers: { cookie: alice, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'from the front door' }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(/^\/tools\/notes\/api\/notes\/[0-9a-f-]{36}$/);
    const list = (await (await get('/tools/notes/api/notes', { headers: { cookie: alice } })).json()) as { title: string }[];
    expect(list.map((note) => note.title)).toContain('from the front door');
  });

  it("refuses a same-site page's writes as the signed-in user (CSRF), and creates nothing", async () => {
    const port = Number(new URL(server.url).port);
    // Another port of the same host is same-site: SameSite=Lax cookies go along.
    const attacker = { origin: `http://127.0.0.1:${port === 65535 ? port - 1 : port + 1}`, 'sec-fetch-site': 'same-site' };
    const formPost = await get('/tools/notes/notes', {
      method: 'POST',
      headers: { cookie: alice, ...attacker },
      body: new URLSearchParams({ title: 'csrf form' }),
    });
    expect(formPost.status).toBe(403);
    const apiPost = await get('/tools/notes/api/notes', {
      method: 'POST',
      headers: { cookie: alice, 'content-type': 'application/json', ...attacker },
      body: JSON.stringify({ title: 'csrf api' }),
    });
    expect(apiPost.status).toBe(403);
    // An older browser without Sec-Fetch-Site: its Origin names another host.
    const oldBrowser = await get('/tools/notes/notes', {
      method: 'POST',
      headers: { cookie: alice, origin: attacker.origin },
      body: new URLSearchParams({ title: 'csrf old browser' }),
    });
    expect(oldBrowser.status).toBe(403);

    const list = (await (await get('/tools/notes/api/notes', { headers: { cookie: alice } })).json()) as { title: string }[];
    expect(list.map((note) => note.title).filter((title) => title.startsWith('csrf'))).toEqual([]);
  });

  it("still takes the site's own form posts and non-browser API clients", async () => {
    const own = await get('/tools/notes/notes', {
      method: 'POST',
      headers: { cookie: alice, origin: server.url, 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ title: 'own form post' }),
    });
    expect(own.status).toBe(303);
    const script = await get('/tools/notes/api/notes', {
      method: 'POST',
      headers: { cookie: alice, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'api client' }),
    });
    expect(script.status).toBe(201);
    const list = (await (await get('/tools/notes/api/notes', { headers: { cookie: alice } })).json()) as { title: string }[];
    expect(list.map((note) => note.title)).toEqual(expect.arrayContaining(['own form post', 'api client']));
  });

  it('sends /tools itself to the notes app', async () => {
    for (const path of ['/tools', '/tools/']) {
      const response = await get(path, { headers: { cookie: alice } });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/tools/notes/');
    }
  });

  it('hands other paths under /tools to the site, with the whole path and the user', async () => {
    const response = await get('/tools/koa/whoami?x=1', { headers: { cookie: alice } });
    expect(response.headers.get('x-answered-by')).toBe('site');
    expect(await response.json()).toEqual({ url: '/tools/koa/whoami?x=1', identity: 'alice@example.com' });
  });

  it('answers 404 for other paths when there is no site to hand them to', async () => {
    const alone = await listen(createMountServer({ mounts: { '/tools': createToolsApp({ notes }) }, identity: () => 'alice' }));
    try {
      const response = await fetch(`${alone.url}/tools/koa`);
      expect(response.status).toBe(404);
    } finally {
      await alone.close();
    }
  });
});
