/**
 * git over HTTP through the Next route at /git: the real `git` client against git's own
 * `git http-backend` behind Graft's cgi() gateway, signed in with HTTP Basic against the demo's
 * accounts. The server's repositories are read directly to see what really landed.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';

const run = promisify(execFile);

/** The demo's git root: the same rule as apps/next-demo/src/git/git-repos.ts (the server inherits our env). */
const SERVER_REPO = join(process.env.GIT_ROOT || join(tmpdir(), 'graft-next-demo-git'), 'demo.git');

let work: string;
let gitEnv: NodeJS.ProcessEnv;

test.beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'graft-e2e-git-'));
  // A client with no configuration of its own: no credential helper, no prompts.
  gitEnv = {
    PATH: process.env.PATH,
    HOME: join(work, 'home'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GIT_AUTHOR_NAME: 'E2E Test',
    GIT_AUTHOR_EMAIL: 'e2e@example.com',
    GIT_COMMITTER_NAME: 'E2E Test',
    GIT_COMMITTER_EMAIL: 'e2e@example.com',
  };
});

test.afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** Runs the git client (asynchronously: it talks to the server over HTTP). */
async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-c', 'credential.helper=', ...args], { cwd, env: gitEnv });
  return stdout.trim();
}

/** What git reports when it fails: it must fail, and its stderr says why. */
async function gitFails(cwd: string, ...args: string[]): Promise<string> {
  try {
    await git(cwd, ...args);
  } catch (error) {
    return (error as { stderr: string }).stderr;
  }
  throw new Error(`git ${args.join(' ')} succeeded but should have failed`);
}

/** A fresh anonymous clone with one new local commit. */
async function cloneWithCommit(baseURL: string, name: string): Promise<{ dir: string; commit: string }> {
  const dir = join(work, name);
  await git(work, 'clone', '--quiet', `${baseURL}/git/demo.git`, dir);
  // Unique content: the server repository keeps earlier runs' commits.
  writeFileSync(join(dir, `${name}.txt`), `written by ${name}, run ${randomUUID()}\n`);
  await git(dir, 'add', '.');
  await git(dir, 'commit', '--quiet', '-m', `commit from ${name}`);
  return { dir, commit: await git(dir, 'rev-parse', 'HEAD') };
}

const withUser = (baseURL: string, user: string, password: string) => `${baseURL.replace('://', `://${user}:${password}@`)}/git/demo.git`;

const serverHead = () => git(SERVER_REPO, 'rev-parse', 'refs/heads/main');

test('anonymous git clone, then git push as alice and as bob, each recorded under its user in the server reflog', async ({
  baseURL,
  page,
}) => {
  const { dir, commit } = await cloneWithCommit(baseURL!, 'alice-push');
  expect(await git(dir, 'log', '--format=%s', '--reverse')).toMatch(/^Seed the demo repository/);

  await git(dir, 'push', '--quiet', withUser(baseURL!, 'alice', 'alice'), 'main');

  expect(await serverHead()).toBe(commit);
  const reflog = () => git(SERVER_REPO, 'reflog', 'show', '-n2', '--format=%gn|%gs', 'refs/heads/main');
  expect((await reflog()).split('\n')[0]).toBe('alice|push');

  writeFileSync(join(dir, 'bob.txt'), `bob was here, run ${randomUUID()}\n`);
  await git(dir, 'add', '.');
  await git(dir, 'commit', '--quiet', '-m', 'commit from bob');
  await git(dir, 'push', '--quiet', withUser(baseURL!, 'bob', 'bob'), 'main');
  expect(await reflog()).toBe('bob|push\nalice|push');
  const bobCommit = await git(dir, 'rev-parse', 'HEAD');
  expect(await serverHead()).toBe(bobCommit);

  // Another anonymous client sees the pushed commit.
  expect(await git(work, 'ls-remote', `${baseURL}/git/demo.git`, 'refs/heads/main')).toMatch(new RegExp(`^${bobCommit}\\s`));
  // The /git page shows the server's record, too.
  await page.goto('/git');
  const updates = page.getByTestId('ref-update');
  await expect(updates.nth(0).getByTestId('who')).toHaveText('bob');
  await expect(updates.nth(1).getByTestId('who')).toHaveText('alice');
  await expect(updates.nth(1)).toContainText('commit from alice-push');
});

test('an anonymous push gets a Basic challenge, and nothing lands, forged identity headers or not', async ({ baseURL, request }) => {
  const before = await serverHead();
  const { dir } = await cloneWithCommit(baseURL!, 'anonymous-push');
  const stderr = await gitFails(
    dir,
    '-c',
    'http.extraHeader=X-Remote-User: alice',
    '-c',
    'http.extraHeader=Remote-User: alice',
    'push',
    'origin',
    'main',
  );
  // With prompts off, git's answer to the 401 challenge is that it cannot ask for a user name.
  expect(stderr).toMatch(/could not read Username/);
  expect(await serverHead()).toBe(before);

  for (const [method, path] of [
    ['GET', '/git/demo.git/info/refs?service=git-receive-pack'],
    ['POST', '/git/demo.git/git-receive-pack'],
  ] as const) {
    const response = await request.fetch(path, { method, headers: { 'x-remote-user': 'alice' }, maxRedirects: 0 });
    expect(response.status(), `${method} ${path}`).toBe(401);
    expect(response.headers()['www-authenticate']).toMatch(/^Basic realm="[^"]+"/);
  }
  // Reading stays open to everyone.
  const read = await request.get('/git/demo.git/info/refs?service=git-upload-pack');
  expect(read.status()).toBe(200);
  expect(read.headers()['content-type']).toBe('application/x-git-upload-pack-advertisement');
});

test('wrong credentials are refused: git push fails, and any request carrying them gets 401', async ({ baseURL, request }) => {
  const before = await serverHead();
  const { dir } = await cloneWithCommit(baseURL!, 'wrong-password');
  for (const [user, password] of [
    ['alice', 'wrong'],
    ['bob', 'alice'],
    ['mallory', 'mallory'],
  ]) {
    const stderr = await gitFails(dir, 'push', withUser(baseURL!, user!, password!), 'main');
    expect(stderr, `${user}:${password}`).toMatch(/Authentication failed/);
  }
  expect(await serverHead()).toBe(before);

  // git sends the URL's credentials only when challenged, so a public read never carries them;
  // a client that does send wrong ones (curl -u) is refused even there.
  const response = await request.get('/git/demo.git/info/refs?service=git-upload-pack', {
    headers: { authorization: `Basic ${Buffer.from('alice:wrong').toString('base64')}` },
  });
  expect(response.status()).toBe(401);
});
