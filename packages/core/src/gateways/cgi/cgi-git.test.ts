/**
 * The CGI gateway against a real CGI program: git's smart-HTTP server, `git-http-backend`, mounted
 * at /git through `callNodeApp`, driven by the real `git` client.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { orAfter } from '../../test-support/deferred.js';
import { graftHandler, listen, type TestServer } from '../../test-support/graft-http-server.js';
import { type CgiOptions, cgi } from './cgi.js';

const run = promisify(execFile);
const BACKEND = join(execFileSync('git', ['--exec-path'], { encoding: 'utf8' }).trim(), 'git-http-backend');

let root: string;
let gitEnv: NodeJS.ProcessEnv;
const servers: TestServer[] = [];
const logs: string[] = [];

/** Runs the git client (asynchronously: the server answering it lives in this process). */
function git(cwd: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run('git', args, { cwd, env: gitEnv, maxBuffer: 16 * 1024 * 1024 });
}

const gitGateway = (extra: Partial<CgiOptions> = {}) =>
  cgi({
    command: BACKEND,
    env: { GIT_PROJECT_ROOT: join(root, 'srv'), GIT_HTTP_EXPORT_ALL: '1' },
    logger: (m) => logs.push(m),
    ...extra,
  });

/** The host's own sign-in: HTTP Basic with a fixed password, standing in for a session. */
function signedInUser(req: IncomingMessage): string | null {
  const auth = req.headers.authorization ?? '';
  if (!auth.startsWith('Basic ')) return null;
  const [user, password] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
  return password === 'secret' && user ? user : null;
}

/** A host that asks for a login on pushes (as Apache's `Require valid-user` on receive-pack). */
async function hostWithLogin(): Promise<TestServer> {
  const handler = graftHandler(gitGateway(), (req) => ({ mountPath: '/git', identity: signedInUser(req) }));
  const server = await listen((req, res) => {
    const isPush = /[?&]service=git-receive-pack|\/git-receive-pack$/.test(req.url ?? '');
    if (isPush && !signedInUser(req)) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' }).end('login required');
      return;
    }
    return handler(req, res);
  });
  servers.push(server);
  return server;
}

/** A host that never signs anyone in: every request reaches git anonymously. */
async function anonymousHost(): Promise<TestServer> {
  const server = await listen(graftHandler(gitGateway(), () => ({ mountPath: '/git', identity: null })));
  servers.push(server);
  return server;
}

const serverHead = async () => (await git(join(root, 'srv', 'repo.git'), 'rev-parse', 'main')).stdout.trim();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'graft-cgi-git-'));
  gitEnv = {
    PATH: process.env.PATH,
    HOME: join(root, 'home'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'Test Author',
    GIT_AUTHOR_EMAIL: 'author@example.com',
    GIT_COMMITTER_NAME: 'Test Author',
    GIT_COMMITTER_EMAIL: 'author@example.com',
  };
  const bare = join(root, 'srv', 'repo.git');
  await run('git', ['init', '--bare', '-b', 'main', bare], { env: gitEnv });
  // Bare repositories keep no reflog by default; the test reads who pushed from it.
  await git(bare, 'config', 'core.logAllRefUpdates', 'true');
  const seed = join(root, 'seed');
  await run('git', ['init', '-b', 'main', seed], { env: gitEnv });
  writeFileSync(join(seed, 'README'), 'hello from the seed\n');
  await git(seed, 'add', 'README');
  await git(seed, 'commit', '-m', 'seed commit');
  await git(seed, 'push', bare, 'main');
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('cgi + git-http-backend', () => {
  it('serves a real git clone', async () => {
    const server = await hostWithLogin();
    const dest = join(root, 'clone-1');
    await git(root, 'clone', `${server.origin}/git/repo.git`, dest);
    expect(readFileSync(join(dest, 'README'), 'utf8')).toBe('hello from the seed\n');
    expect((await git(dest, 'log', '-1', '--format=%s')).stdout.trim()).toBe('seed commit');
  });

  it('accepts a push from the signed-in user, recorded under that user, chunked upload included', async () => {
    const server = await hostWithLogin();
    const dest = join(root, 'clone-2');
    await git(root, 'clone', `http://alice:secret@127.0.0.1:${server.port}/git/repo.git`, dest);
    // Incompressible and over git's 1 MiB http.postBuffer: the pack goes up chunked, with no
    // CONTENT_LENGTH, which git-http-backend reads to the end of stdin.
    writeFileSync(join(dest, 'blob.bin'), randomBytes(2 * 1024 * 1024));
    await git(dest, 'add', 'blob.bin');
    await git(dest, 'commit', '-m', 'pushed over http');
    const pushed = (await git(dest, 'rev-parse', 'HEAD')).stdout.trim();
    await git(dest, 'push', 'origin', 'main');

    const bare = join(root, 'srv', 'repo.git');
    expect(await serverHead()).toBe(pushed);
    expect((await git(bare, 'log', '-1', '--format=%s', 'main')).stdout.trim()).toBe('pushed over http');
    // git-http-backend names the committer of the ref update after REMOTE_USER.
    const reflog = (await git(bare, 'reflog', 'show', '--format=%gn <%ge> %gs', 'main')).stdout;
    expect(reflog.split('\n')[0]).toBe('alice <alice@http.127.0.0.1> push');
  });

  it('refuses an anonymous push, even with forged identity headers', async () => {
    const server = await anonymousHost();
    const before = await serverHead();
    const dest = join(root, 'clone-3');
    await git(root, 'clone', `${server.origin}/git/repo.git`, dest);
    writeFileSync(join(dest, 'anon.txt'), 'should never land\n');
    await git(dest, 'add', 'anon.txt');
    await git(dest, 'commit', '-m', 'anonymous attempt');
    const push = git(
      dest,
      '-c',
      'http.extraHeader=Remote-User: alice',
      '-c',
      'http.extraHeader=X-Remote-User: alice',
      'push',
      'origin',
      'main',
    );
    await expect(push).rejects.toMatchObject({ stderr: expect.stringMatching(/403/) });
    expect(await serverHead()).toBe(before);
  });
});

/** Pids of the processes working in, or naming, the directory `needle` (a repository). */
function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      // git-http-backend runs upload-pack inside the repository (`git upload-pack --stateless-rpc .`).
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      if (cwd === needle || readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

/** A pkt-line (git's framing): 4 hex digits of length, then the payload. */
const pkt = (line: string) => (line.length + 4).toString(16).padStart(4, '0') + line;

describe('cgi + git-http-backend: a clone whose client stops reading (issue 13, item 4)', () => {
  let bigRepo: string;
  let tip: string;
  beforeAll(async () => {
    bigRepo = join(root, 'srv', 'big.git');
    await run('git', ['init', '--bare', '-b', 'main', bigRepo], { env: gitEnv });
    const work = join(root, 'big-seed');
    await run('git', ['init', '-b', 'main', work], { env: gitEnv });
    // Incompressible, so the pack is as large as the blob: far more than any socket buffer holds.
    writeFileSync(join(work, 'big.bin'), randomBytes(48 * 1024 * 1024));
    await git(work, 'add', 'big.bin');
    await git(work, 'commit', '-m', 'big');
    await git(work, 'push', bigRepo, 'main');
    tip = (await git(work, 'rev-parse', 'HEAD')).stdout.trim();
  });

  it('stops git upload-pack after stallTimeout, frees the slot, and serves the next clone', async () => {
    const server = await listen(
      graftHandler(gitGateway({ maxConcurrent: 1, timeout: 10_000, stallTimeout: 300, killGrace: 200 }), () => ({
        mountPath: '/git',
        identity: null,
      })),
    );
    servers.push(server);
    // The pack request of a clone, as git sends it (protocol v0): want the tip, done.
    const body = `${pkt(`want ${tip} side-band-64k ofs-delta\n`)}0000${pkt('done\n')}`;
    const socket: Socket = connect(server.port, '127.0.0.1');
    socket.on('error', () => {});
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    try {
      await new Promise<void>((resolve) => {
        socket.once('data', () => {
          // The head (and the start of the pack) is here: from now on, this client reads nothing.
          socket.pause();
          resolve();
        });
        socket.write(
          'POST /git/big.git/git-upload-pack HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
            'Content-Type: application/x-git-upload-pack-request\r\n' +
            `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      });
      expect(processesMentioning(bigRepo).length).toBeGreaterThan(0);

      // The only slot is held by the stalled clone; this one gets it once the watchdog frees it.
      const dest = join(root, 'clone-after-stall');
      await git(root, 'clone', `${server.origin}/git/repo.git`, dest);
      expect(readFileSync(join(dest, 'README'), 'utf8')).toBe('hello from the seed\n');

      // git-http-backend and its upload-pack are gone, and the stalled response was cut short.
      // Not our children: /proc is polled, for at most 10 s.
      await expect.poll(() => processesMentioning(bigRepo), { timeout: 10_000, interval: 20 }).toEqual([]);
      expect(processesMentioning(bigRepo)).toEqual([]);
      socket.resume();
      const cut = await orAfter(
        closed.then(() => true),
        10_000,
        false,
      );
      expect(cut).toBe(true);
      expect(logs.join('\n')).toMatch(/no progress for 300 ms after the response head/);
    } finally {
      socket.destroy();
    }
  });
});
