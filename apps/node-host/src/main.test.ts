/**
 * The built node-host started as users start it (`node dist/main.js`, production mode, the Next
 * demo in the same process): with no NEXTAUTH_SECRET it must not accept session cookies made with
 * a secret written in this repository, and it listens on 127.0.0.1 unless HOST says otherwise.
 */
import { fileURLToPath } from 'node:url';
import { type DemoProcess, listeningAddresses, startDemo } from '@graft/demo-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE_TOKEN, sessionCookie } from './test-support.js';

// The Next demo's development secret that the node-host used to fall back to.
const OLD_REPO_SECRET = 'graft-next-demo-development-secret-change-me';
const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

describe('node dist/main.js without NEXTAUTH_SECRET, without HOST', () => {
  let host: DemoProcess;
  let port: number;

  beforeAll(async () => {
    // It prints its banner once it listens.
    host = await startDemo(APP_DIR, {}, { script: 'dist/main.js', ready: /Graft node-host:/, timeoutMs: 90_000 });
    port = host.port;
  }, 100_000);
  afterAll(async () => {
    // SIGTERM closes the server and exits 0.
    expect(await host?.stop()).toBe(0);
  });

  const session = async (cookie: string) =>
    ((await (await fetch(`http://127.0.0.1:${port}/api/auth/session`, { headers: { cookie } })).json()) as { user?: unknown }).user ?? null;

  it('refuses a session cookie made with the secret once written in the repository', async () => {
    const forged = await sessionCookie(ALICE_TOKEN, { secret: OLD_REPO_SECRET });
    expect(await session(forged)).toBeNull();
    const notes = await fetch(`http://127.0.0.1:${port}/tools/notes/`, { headers: { cookie: forged }, redirect: 'manual' });
    await notes.arrayBuffer();
    expect(notes.status).not.toBe(200);
  });

  it('says that it made up a secret', () => {
    expect(host.output()).toMatch(/NEXTAUTH_SECRET is not set/);
  });

  it('listens on 127.0.0.1 only', () => {
    expect(listeningAddresses(port)).toEqual(['127.0.0.1']);
  });
});
