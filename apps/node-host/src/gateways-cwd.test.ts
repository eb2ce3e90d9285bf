/**
 * The node-host started from a working directory other than the Next demo's (issue 13, item 10):
 * the demo's Perl CGI page (/tools/cgi) and Python upstream (/tools/py) find their programs
 * from where the demo is installed, not from `process.cwd()`.
 *
 * It runs the real thing: the built node-host (`dist/main.js`, with the built Next demo) in its
 * own process, its working directory a fresh temporary directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@graft/demo-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE_TOKEN, SECRET, sessionCookie } from './test-support.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('node-host started from another directory', () => {
  let host: ChildProcess | undefined;
  let origin: string;
  let cwd: string;
  let output = '';
  let alice: string;

  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), 'graft-node-host-cwd-'));
    // NEXTAUTH_URL must name the real port, so 0 will not do.
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    alice = await sessionCookie(ALICE_TOKEN);
    const child = spawn(process.execPath, [MAIN], {
      cwd,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(port),
        HOST: '127.0.0.1',
        NEXTAUTH_URL: origin,
        NEXTAUTH_SECRET: SECRET,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        GIT_ROOT: join(cwd, 'git'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    host = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`node-host did not start within 60 s:\n${output}`)), 60_000);
      const onOutput = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Graft node-host:')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', onOutput);
      child.stderr.on('data', onOutput);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`node-host exited (${signal ?? code}):\n${output}`));
      });
    });
  }, 90_000);

  afterAll(async () => {
    const child = host;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(cwd, { recursive: true, force: true });
  }, 30_000);

  const get = (path: string, init: RequestInit = {}) =>
    fetch(`${origin}${path}`, { redirect: 'manual', ...init, headers: { cookie: alice, ...(init.headers ?? {}) } });

  it('runs the Perl CGI page at /tools/cgi', async () => {
    const response = await get('/tools/cgi/some/path?x=1');
    const html = await response.text();
    expect(response.status, `${html}\n${output}`).toBe(200);
    expect(html).toMatch(/data-testid="greeting">alice</);
    expect(html).toMatch(/data-testid="PATH_INFO">\/some\/path</);
  });

  it('streams a large POST through the Perl CGI page', async () => {
    const body = `note=hello&pad=${'x'.repeat(4 * 1024 * 1024)}`;
    const response = await get('/tools/cgi/form', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    const html = await response.text();
    expect(response.status, html).toBe(200);
    expect(html).toMatch(new RegExp(`data-testid="body-length">${Buffer.byteLength(body)}<`));
  });

  it('reaches the Python upstream at /tools/py', async () => {
    const response = await get('/tools/py/some/path');
    const html = await response.text();
    expect(response.status, `${html}\n${output}`).toBe(200);
    expect(html).toMatch(/data-testid="greeting">alice</);
    expect(html).toMatch(/data-testid="X-Remote-User">alice</);
  });
});
