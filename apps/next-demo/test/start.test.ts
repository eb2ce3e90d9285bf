/**
 * The built Next demo started as users start it (`node scripts/start.mjs`, which runs
 * `next start`): with no NEXTAUTH_SECRET it must not accept session cookies made with a secret
 * written in this repository, and it listens on 127.0.0.1 unless HOST says otherwise.
 */
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoProcess, listeningAddresses, startDemo } from './demo';

// The development secret this demo used to fall back to: a cookie made with it is a forgery.
const OLD_REPO_SECRET = 'graft-next-demo-development-secret-change-me';
const ALICE = { name: 'Alice', email: 'alice@example.com', sub: 'alice' };

/** The user NextAuth sees for `cookie` (`null` when none). */
async function sessionUser(url: string, cookie: string): Promise<unknown> {
  const response = await fetch(`${url}/api/auth/session`, { headers: { cookie } });
  const body = (await response.json()) as { user?: unknown };
  return body.user ?? null;
}

describe('without NEXTAUTH_SECRET, without HOST', () => {
  let demo: DemoProcess;
  beforeAll(async () => {
    demo = await startDemo({}, 90_000);
  }, 100_000);
  afterAll(async () => {
    await demo?.stop();
  });

  it('refuses a session cookie made with the secret once written in the repository', async () => {
    const forged = await encode({ token: ALICE, secret: OLD_REPO_SECRET });
    expect(await sessionUser(demo.url, `next-auth.session-token=${forged}`)).toBeNull();
  });

  it('says that it made up a secret', () => {
    expect(demo.output()).toMatch(/NEXTAUTH_SECRET is not set/);
  });

  it('listens on 127.0.0.1 only', () => {
    expect(listeningAddresses(demo.port)).toEqual(['127.0.0.1']);
  });
});

describe('with NEXTAUTH_SECRET', () => {
  it('accepts the session cookies made with it', async () => {
    const demo = await startDemo({ NEXTAUTH_SECRET: 'next-demo-test-secret' }, 90_000);
    try {
      const cookie = await encode({ token: ALICE, secret: 'next-demo-test-secret' });
      expect(await sessionUser(demo.url, `next-auth.session-token=${cookie}`)).toMatchObject({ name: 'Alice' });
    } finally {
      await demo.stop();
    }
  }, 100_000);
});
