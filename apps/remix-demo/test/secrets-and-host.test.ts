/**
 * Item: with no SESSION_SECRET the demo must not sign cookies with a secret written in this
 * repository, and it listens on 127.0.0.1 unless HOST says otherwise. The built demo in
 * production mode, started as users start it.
 */
import { createCookieSessionStorage } from '@remix-run/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoProcess, listeningAddresses, signIn, startDemo } from './demo';

// The development secret this demo used to fall back to: a cookie signed with it is a forgery.
const OLD_REPO_SECRET = 'graft-remix-demo-development-secret-change-me';

async function forgedAliceCookie(): Promise<string> {
  const storage = createCookieSessionStorage({
    cookie: { name: '__graft_remix_session', httpOnly: true, sameSite: 'lax', path: '/', secrets: [OLD_REPO_SECRET] },
  });
  const session = await storage.getSession();
  session.set('user', { id: 'alice', name: 'Alice', email: 'alice@example.com' });
  return (await storage.commitSession(session)).split(';')[0]!;
}

/** Whether `cookie` signs in: a signed-in visitor of /login is sent on (302), others see the form. */
async function signsIn(url: string, cookie: string): Promise<boolean> {
  const response = await fetch(`${url}/login`, { headers: { cookie }, redirect: 'manual' });
  await response.arrayBuffer();
  return response.status === 302;
}

describe('without SESSION_SECRET, without HOST', () => {
  let demo: DemoProcess;
  beforeAll(async () => {
    demo = await startDemo({});
  });
  afterAll(async () => {
    await demo?.stop();
  });

  it('refuses a cookie signed with the secret once written in the repository', async () => {
    expect(await signsIn(demo.url, await forgedAliceCookie())).toBe(false);
  });

  it('still signs users in, with a secret of its own, and says so', async () => {
    expect(await signsIn(demo.url, await signIn(demo.url))).toBe(true);
    expect(demo.output()).toMatch(/SESSION_SECRET/);
  });

  it('listens on 127.0.0.1 only', () => {
    expect(listeningAddresses(demo.port)).toEqual(['127.0.0.1']);
  });
});

describe('two processes without SESSION_SECRET', () => {
  it('do not share a secret: a cookie of one does not sign in on the other', async () => {
    const [a, b] = [await startDemo({}), await startDemo({})];
    try {
      const cookie = await signIn(a.url);
      expect(await signsIn(a.url, cookie)).toBe(true);
      expect(await signsIn(b.url, cookie)).toBe(false);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});

describe('with HOST', () => {
  it('listens where HOST says', async () => {
    // Another loopback address: not the default, and still not reachable from other machines.
    const demo = await startDemo({ HOST: '127.0.0.2', SESSION_SECRET: 'remix-demo-test-secret' });
    try {
      expect(listeningAddresses(demo.port)).toEqual(['127.0.0.2']);
    } finally {
      await demo.stop();
    }
  });
});
