import { InvalidIdentityError } from '@graft/core';
import { normalizeIdentity, resolveIdentity } from '@graft/core/adapter';
import { createCookieSessionStorage as remixSessions } from '@remix-run/node';
import { createCookieSessionStorage as routerSessions } from 'react-router';
import { describe, expect, it } from 'vitest';
import { type SessionStorageLike, sessionIdentity } from './identity.js';

const cookie = { name: '__s', secrets: ['s3cret'] };

describe.each([
  ['Remix v2 (@remix-run/node)', (secret: string) => remixSessions({ cookie: { ...cookie, secrets: [secret] } })],
  ['React Router 7 (react-router)', (secret: string) => routerSessions({ cookie: { ...cookie, secrets: [secret] } })],
])('sessionIdentity with the cookie sessions of %s', (_name, create) => {
  const storage = create(cookie.secrets[0]!);

  async function requestWith(values: Record<string, unknown>): Promise<Request> {
    const session = await storage.getSession();
    for (const [key, value] of Object.entries(values)) session.set(key, value);
    const setCookie = await storage.commitSession(session);
    return new Request('http://h.test/', { headers: { cookie: setCookie.split(';')[0]! } });
  }

  const resolve = (resolver: ReturnType<typeof sessionIdentity>, request: Request) =>
    resolveIdentity(resolver, request, { request, params: {} });

  it('reads a user id stored under "user"', async () => {
    expect(await resolve(sessionIdentity(storage), await requestWith({ user: 'alice' }))).toBe('alice');
  });

  it('reads an identity object under another key', async () => {
    const user = { id: 'bob', name: 'Bob', roles: ['admin'] };
    expect(await resolve(sessionIdentity(storage, { key: 'me' }), await requestWith({ me: user }))).toEqual(user);
  });

  it('is anonymous without a cookie, without the key, or with a forged cookie', async () => {
    const resolver = sessionIdentity(storage);
    expect(await resolve(resolver, new Request('http://h.test/'))).toBeNull();
    expect(await resolve(resolver, await requestWith({ other: 'x' }))).toBeNull();
    // The session cookie of another secret: its signature does not verify.
    const forger = create('guess');
    const forged = await forger.getSession();
    forged.set('user', 'mallory');
    const request = new Request('http://h.test/', { headers: { cookie: (await forger.commitSession(forged)).split(';')[0]! } });
    expect(await resolve(resolver, request)).toBeNull();
  });

  it('maps stored values with toIdentity', async () => {
    const resolver = sessionIdentity(storage, { toIdentity: (id) => ({ id: `user-${String(id)}`, name: 'Numbered' }) });
    expect(await resolve(resolver, await requestWith({ user: 7 }))).toEqual({ id: 'user-7', name: 'Numbered' });
  });

  it('passes a malformed stored value on for core to reject, not to guess', async () => {
    const value = await resolve(sessionIdentity(storage), await requestWith({ user: { name: 'no id' } }));
    expect(() => normalizeIdentity(value)).toThrow(InvalidIdentityError);
  });
});

it('accepts any storage with getSession(cookie).get(key)', async () => {
  const seen: Array<string | null | undefined> = [];
  const storage: SessionStorageLike = {
    async getSession(header) {
      seen.push(header);
      return { get: (name: string) => (name === 'user' ? 'carol' : undefined) } as never;
    },
  };
  const request = new Request('http://h.test/', { headers: { cookie: 'a=b' } });
  expect(await resolveIdentity(sessionIdentity(storage), request, { request, params: {} })).toBe('carol');
  expect(seen).toEqual(['a=b']);
});
