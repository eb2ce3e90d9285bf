/**
 * @graft/next inside a real Next server: the fixture app in test-fixtures/base-path-app is built
 * with `next build` and run with `next start`, under a basePath, and driven over HTTP. This checks
 * what unit tests cannot: what Next really hands a route handler.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('../test-fixtures/base-path-app', import.meta.url));
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

let server: ChildProcess;
let origin: string;
let serverOutput = '';

/**
 * Resolves once the server has printed a match for `pattern` after offset `from` of its output;
 * rejects if it exits first, or after `ms`.
 */
function printed(pattern: RegExp, from: number, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = (): void => {
      clearTimeout(timer);
      server.stdout!.off('data', check);
      server.stderr!.off('data', check);
      server.off('exit', exited);
    };
    const check = (): void => {
      if (!pattern.test(serverOutput.slice(from))) return;
      stop();
      resolve();
    };
    const exited = (code: number | null): void => {
      stop();
      reject(new Error(`next start exited (${code}) before printing ${pattern}:\n${serverOutput}`));
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`next start did not print ${pattern} within ${ms} ms:\n${serverOutput}`));
    }, ms);
    // After the listeners that collect the output, so `serverOutput` has the chunk.
    server.stdout!.on('data', check);
    server.stderr!.on('data', check);
    server.once('exit', exited);
    check();
  });
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  return port;
}

beforeAll(async () => {
  const build = spawnSync(process.execPath, [nextBin, 'build', fixture], { env, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout}\n${build.stderr}`);
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [nextBin, 'start', fixture, '-p', String(port), '-H', '127.0.0.1'], { env });
  server.stdout!.on('data', (chunk) => (serverOutput += chunk));
  server.stderr!.on('data', (chunk) => (serverOutput += chunk));
  await printed(/Ready/, 0, 30_000);
}, 240_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
});

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
    const before = serverOutput.length;
    const pending = fetch(`${origin}/base/tools/hang`, { signal: controller.signal }).catch((e: unknown) => e);
    const state = () => fetch(`${origin}/base/tools/closed`).then((r) => r.json() as Promise<Record<string, number>>);
    // Abort only once the request is inside the app.
    await printed(/fixture: \/hang arrived/, before, 5000);
    expect((await state()).arrived).toBeGreaterThan(0);
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    await printed(/fixture: \/hang closed without an answer/, before, 5000);
    const closed = (await state()).closedWithoutAnswer!;
    expect(closed).toBe(1);
    expect(serverOutput.slice(before)).not.toMatch(/error|⨯/i);
  });
});
