/**
 * @graft/next inside a real Next server: the fixture app in test-fixtures/base-path-app is built
 * with `next build` and run with `next start`, under a basePath, and driven over HTTP. This checks
 * what unit tests cannot: what Next really hands a route handler.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNextApp, type RunningNextApp, runNextApp } from './test-support/next-app.js';

const fixture = fileURLToPath(new URL('../test-fixtures/base-path-app', import.meta.url));

let app: RunningNextApp;
let origin: string;

beforeAll(async () => {
  const build = await buildNextApp(fixture);
  if (build.code !== 0) throw new Error(`next build failed:\n${build.output}`);
  app = await runNextApp(fixture, 'start');
  origin = app.origin;
}, 240_000);

afterAll(() => app?.stop());

describe('in a real Next server with basePath /base', () => {
  it("gives the app the raw path, with the basePath read from Next's config in its mount path", async () => {
    const response = await fetch(`${origin}/base/tools/echo/a%2Fb/c%20d?x=%2F`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      url: '/echo/a%2Fb/c%20d?x=%2F',
      baseUrl: '/base/tools',
      originalUrl: '/base/tools/echo/a%2Fb/c%20d?x=%2F',
      identity: null,
    });
  });

  it('serves the bare prefix of an optional catch-all', async () => {
    expect(await (await fetch(`${origin}/base/tools`)).json()).toMatchObject({ url: '/', baseUrl: '/base/tools' });
  });

  it("does not loop between the app's /dir -> /dir/ and Next's trailing-slash redirect", async () => {
    const toSlash = await fetch(`${origin}/base/tools/dir`, { redirect: 'manual' });
    expect(toSlash.status).toBe(301);
    expect(toSlash.headers.get('location')).toBe('/base/tools/dir/');
    const index = await fetch(`${origin}/base/tools/dir/`, { redirect: 'manual' });
    expect(index.status).toBe(200);
    expect(await index.text()).toBe('directory index');
    // Outside the mounts Next's own rule still holds.
    const host = await fetch(`${origin}/base/elsewhere/`, { redirect: 'manual' });
    expect(host.status).toBe(308);
    expect(host.headers.get('location')).toBe('/base/elsewhere');
  });

  it('lets a CORS preflight reach the app', async () => {
    const response = await fetch(`${origin}/base/tools/api`, {
      method: 'OPTIONS',
      headers: { origin: 'http://other.test', 'access-control-request-method': 'PUT' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('x-preflight')).toBe('app');
  });

  it('streams a large request body to the app', async () => {
    const body = new Uint8Array(12 * 1024 * 1024).fill(7);
    const response = await fetch(`${origin}/base/tools/count`, { method: 'POST', body });
    expect(await response.json()).toEqual({ bytes: body.length });
  });

  it('redirects anonymous visitors of a protected mount to the sign-in page under the basePath', async () => {
    const anonymous = await fetch(`${origin}/base/protected/x?y=1`, { redirect: 'manual' });
    expect(anonymous.status).toBe(307);
    expect(anonymous.headers.get('location')).toBe('/base/api/auth/signin?callbackUrl=%2Fbase%2Fprotected%2Fx%3Fy%3D1');
    const signedIn = await fetch(`${origin}/base/protected/x`, { headers: { 'x-test-session': 'alice' } });
    expect(await signedIn.json()).toMatchObject({ baseUrl: '/base/protected', identity: { id: 'alice' } });
  });

  it('ends quietly when the client leaves before the app answers, and the app sees the close', async () => {
    const controller = new AbortController();
    const before = app.output().length;
    const pending = fetch(`${origin}/base/tools/hang`, { signal: controller.signal }).catch((e: unknown) => e);
    const state = () => fetch(`${origin}/base/tools/closed`).then((r) => r.json() as Promise<Record<string, number>>);
    // Abort only once the request is inside the app.
    await app.printed(/fixture: \/hang arrived/, before, 5000);
    expect((await state()).arrived).toBeGreaterThan(0);
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    await app.printed(/fixture: \/hang closed without an answer/, before, 5000);
    const closed = (await state()).closedWithoutAnswer!;
    expect(closed).toBe(1);
    expect(app.output().slice(before)).not.toMatch(/error|⨯/i);
  });
});
