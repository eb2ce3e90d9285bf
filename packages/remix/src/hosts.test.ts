/**
 * The mount inside real hosts: the Remix v2 and React Router 7 fixture sites, built by their own
 * CLIs, answering through each framework's `createRequestHandler`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { downloadBytes, type EchoReport } from './test-support/echo-app.js';
import { type FixtureSite, reactRouter7Site, remixV2Site } from './test-support/hosts.js';

describe.each([
  ['Remix v2', () => remixV2Site()],
  ['React Router 7', () => reactRouter7Site()],
])('%s host', (_name, createSite) => {
  let site: FixtureSite;
  beforeAll(async () => {
    site = await createSite();
  });

  const url = (path: string) => `http://h.test${site.basename}${path}`;
  const get = (path: string, init?: RequestInit) => site.handle(new Request(url(path), init));

  async function echo(response: Response): Promise<EchoReport> {
    expect(response.headers.get('x-echo'), `status ${response.status}`).toBe('yes');
    return (await response.json()) as EchoReport;
  }

  it('routes the splat to the app with the raw path, under the basename', async () => {
    const seen = await echo(await get('/tools/a%2Fb/caf%C3%A9/x%20y/'));
    expect(seen.url).toBe('/a%2Fb/caf%C3%A9/x%20y/');
    expect(seen.baseUrl).toBe(`${site.basename}/tools`);
    expect(seen.originalUrl).toBe(`${site.basename}/tools/a%2Fb/caf%C3%A9/x%20y/`);
    expect((await echo(await get('/tools'))).url).toBe('/');
  });

  it('passes the signed-in user from the cookie session, and only that', async () => {
    const cookie = await site.sessionCookie({ id: 'alice', name: 'Alice' });
    const seen = await echo(await get('/tools/me', { headers: { cookie, 'x-remote-user': 'mallory' } }));
    expect(seen.identity).toEqual({ id: 'alice', name: 'Alice' });
    expect(seen.remoteUser).toBe('alice');
  });

  it('removes a forged identity header from anonymous requests', async () => {
    const seen = await echo(await get('/tools/me', { headers: { 'x-remote-user': 'mallory', 'remote-user': 'mallory' } }));
    expect(seen.identity).toBeNull();
    expect(seen.remoteUser).toBeNull();
  });

  it.each(['GET', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'])('lets %s reach the app', async (method) => {
    expect((await echo(await get('/tools/m', { method }))).method).toBe(method);
  });

  it('answers HEAD from the app, without a body', async () => {
    const response = await get('/tools/m', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-echo')).toBe('yes');
    expect(await response.text()).toBe('');
  });

  it('streams an upload through to the app', async () => {
    const bytes = randomBytes(2 * 1024 * 1024 + 1);
    const response = await get('/tools/upload', { method: 'POST', body: bytes });
    expect(await response.json()).toEqual({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  });

  it('streams a download back byte for byte', async () => {
    const size = 1024 * 1024 + 5;
    const response = await get(`/tools/download/${size}`);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await response.arrayBuffer()).equals(downloadBytes(size))).toBe(true);
  });

  it("delivers the app's redirects where a browser would have gone", async () => {
    const home = await get('/tools/go-home');
    expect(home.status).toBe(302);
    expect(new URL(home.headers.get('location')!, url('/tools/go-home')).pathname).toBe(`${site.basename}/tools/echo/home`);
    const relative = await get('/tools/relative/go');
    const target = new URL(relative.headers.get('location')!, url('/tools/relative/go'));
    expect(target.pathname + target.search).toBe(`${site.basename}/tools/relative/there?from=go`);
  });

  it('sends anonymous visitors of the protected mount to sign in, and back', async () => {
    const response = await get('/private/notes?x=1');
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location')!, url('/'));
    expect(location.pathname).toBe(`${site.basename}/login`);
    // Below the basename, ready for the host's own redirect(), which adds it.
    expect(location.searchParams.get('redirectTo')).toBe('/private/notes?x=1');

    const cookie = await site.sessionCookie('bob');
    const seen = await echo(await get('/private/notes', { headers: { cookie } }));
    expect(seen.identity).toEqual({ id: 'bob' });
    expect(seen.baseUrl).toBe(`${site.basename}/private`);
  });

  it('settles when the client leaves while the app is still working', async () => {
    const controller = new AbortController();
    const pending = get('/tools/slow', { signal: controller.signal });
    // The app has no answer to give; leaving is the only way this request ends.
    setImmediate(() => controller.abort());
    const outcome = await pending.then(
      (response) => response.status,
      () => 'rejected',
    );
    // Both frameworks answer an aborted request with their own 500 (nobody reads it).
    expect(outcome).toBe(500);
  });
});
