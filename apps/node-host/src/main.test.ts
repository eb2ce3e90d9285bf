/**
 * The built node-host started as users start it (`node dist/main.js`, production mode, the Next
 * demo in the same process): with no NEXTAUTH_SECRET it must not accept session cookies made with
 * a secret written in this repository, and it listens on 127.0.0.1 unless HOST says otherwise.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE_TOKEN, sessionCookie } from './test-support.js';

// The Next demo's development secret that the node-host used to fall back to.
const OLD_REPO_SECRET = 'graft-next-demo-development-secret-change-me';
const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Local addresses listening on `port`, from /proc/net/tcp and tcp6 (`::` for all interfaces). */
function listeningAddresses(port: number): string[] {
  const found: string[] = [];
  for (const [file, v6] of [
    ['/proc/net/tcp', false],
    ['/proc/net/tcp6', true],
  ] as const) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 4 || fields[3] !== '0A') continue; // 0A: LISTEN
      const [hexAddress, hexPort] = fields[1]!.split(':') as [string, string];
      if (parseInt(hexPort, 16) !== port) continue;
      if (v6) found.push(/^0+$/.test(hexAddress) ? '::' : hexAddress);
      else found.push([3, 2, 1, 0].map((i) => parseInt(hexAddress.slice(i * 2, i * 2 + 2), 16)).join('.'));
    }
  }
  return found;
}

describe('node dist/main.js without NEXTAUTH_SECRET, without HOST', () => {
  let port: number;
  let output = '';
  let stop: () => Promise<number | null>;

  beforeAll(async () => {
    port = await freePort();
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: APP_DIR,
      env: { NODE_ENV: 'production', PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let gone = false;
    void exited.then(() => (gone = true));
    stop = async () => {
      if (!gone) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    };
    // It prints its banner once it listens.
    const deadline = Date.now() + 90_000;
    while (!(output.includes('Graft node-host') && (await accepts(port)))) {
      if (gone) throw new Error(`node-host exited before listening:\n${output}`);
      if (Date.now() > deadline) throw new Error(`node-host did not listen within 90 s:\n${output}`);
      await Promise.race([
        new Promise((resolve) => child.stdout.once('data', resolve)),
        new Promise((resolve) => setTimeout(resolve, 200)),
        exited,
      ]);
    }
  }, 100_000);
  afterAll(async () => {
    // SIGTERM closes the server and exits 0.
    expect(await stop?.()).toBe(0);
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
    expect(output).toMatch(/NEXTAUTH_SECRET is not set/);
  });

  it('listens on 127.0.0.1 only', () => {
    expect(listeningAddresses(port)).toEqual(['127.0.0.1']);
  });
});
