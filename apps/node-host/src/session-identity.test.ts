import type { IncomingMessage, ServerResponse } from 'node:http';
import { createMountServer, getGraftContext, InvalidOptionError } from '@graft/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextAuthSessionIdentity } from './session-identity.js';
import { ALICE_TOKEN, listen, SECRET, sessionCookie } from './test-support.js';

/** A real front server whose one app answers with the identity the front server resolved. */
async function frontServer(secureCookie: boolean) {
  const whoami = (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(getGraftContext(req)?.identity ?? null));
  };
  return listen(createMountServer({ mounts: { '/': whoami }, identity: nextAuthSessionIdentity({ secret: SECRET, secureCookie }) }));
}

describe('nextAuthSessionIdentity', () => {
  let server: Awaited<ReturnType<typeof frontServer>>;
  let secureServer: Awaited<ReturnType<typeof frontServer>>;
  beforeAll(async () => {
    server = await frontServer(false);
    secureServer = await frontServer(true);
  });
  afterAll(async () => {
    await server.close();
    await secureServer.close();
  });

  const whoIs = async (cookie?: string, url = server.url, headers: Record<string, string> = {}) =>
    (await fetch(url, { headers: cookie ? { cookie, ...headers } : headers })).json();

  it('reads the user from the NextAuth session cookie, with the id rule of @graft/next', async () => {
    expect(await whoIs(await sessionCookie(ALICE_TOKEN))).toEqual({
      id: 'alice@example.com',
      name: 'Alice',
      email: 'alice@example.com',
      image: null,
    });
    expect(await whoIs(await sessionCookie({ name: 'Bob', sub: 'u-2' }))).toMatchObject({ id: 'Bob', email: null });
    expect(await whoIs(await sessionCookie({ sub: 'u-3' }))).toMatchObject({ id: 'u-3', name: null });
  });

  it('finds the cookie among others, and joins a cookie NextAuth split into chunks', async () => {
    const [name, value] = (await sessionCookie(ALICE_TOKEN)).split('=') as [string, string];
    const middle = Math.floor(value.length / 2);
    const chunked = `theme=dark; ${name}.1=${value.slice(middle)}; ${name}.0=${value.slice(0, middle)}`;
    expect(await whoIs(chunked)).toMatchObject({ id: 'alice@example.com' });
  });

  it('treats a missing, foreign, tampered or expired cookie as anonymous', async () => {
    expect(await whoIs()).toBeNull();
    expect(await whoIs('theme=dark')).toBeNull();
    expect(await whoIs(await sessionCookie(ALICE_TOKEN, { secret: 'another-secret' }))).toBeNull();
    const valid = await sessionCookie(ALICE_TOKEN);
    expect(await whoIs(`${valid.slice(0, -4)}AAAA`)).toBeNull();
    expect(await whoIs('next-auth.session-token=not-a-jwt')).toBeNull();
    expect(await whoIs(await sessionCookie(ALICE_TOKEN, { maxAge: -60 }))).toBeNull();
  });

  it('ignores a Bearer token: only the session cookie signs a browser in', async () => {
    const token = (await sessionCookie(ALICE_TOKEN)).split('=')[1]!;
    expect(await whoIs('theme=dark', server.url, { authorization: `Bearer ${token}` })).toBeNull();
  });

  it('reads the __Secure- cookie, and only that one, on an https site', async () => {
    const secure = await sessionCookie(ALICE_TOKEN, { name: '__Secure-next-auth.session-token' });
    expect(await whoIs(secure, secureServer.url)).toMatchObject({ id: 'alice@example.com' });
    expect(await whoIs(await sessionCookie(ALICE_TOKEN), secureServer.url)).toBeNull();
  });

  it('refuses to start without a secret', () => {
    expect(() => nextAuthSessionIdentity({ secret: '', secureCookie: false })).toThrow(InvalidOptionError);
  });
});
