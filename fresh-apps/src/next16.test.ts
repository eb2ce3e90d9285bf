/**
 * A fresh Next 16 app (create-next-app's defaults: App Router, TypeScript, Turbopack,
 * `cacheComponents: true`), outside the workspace, with Graft installed only from the packed
 * tarballs and every file and command taken from the README: production build and `next start`,
 * then `next dev`, each serving swagger-ui-express under `/tools` behind a NextAuth 4 sign-in.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { launchChromium } from './browser.js';
import { createFreshApp, type FreshApp, runReadmeCommands, writeReadmeFiles } from './fresh-app.js';
import { freePort, type RunningServer, startServer, terminalEnv } from './processes.js';
import { readReadme } from './readme.js';
import { expectSignedIn, expectSwaggerUi } from './test-support/browser-checks.js';
import { request, type TestUser, testUser, usersModule, type WhoAmI, withCookies } from './test-support/http.js';

const readme = readReadme();
const user: TestUser = testUser();
const secret = crypto.randomUUID() + crypto.randomUUID();
/** nextAuthIdentity maps a session to its e-mail first. */
const identityId = user.email;

let app: FreshApp;
/** Every server started; each test stops its own when it ends, pass or fail. */
const servers: RunningServer[] = [];

/** The app's environment: NextAuth's secret and origin (`localhost`: NextAuth's CSRF check wants one origin). */
function appEnv(port: number): NodeJS.ProcessEnv {
  return terminalEnv({ NEXTAUTH_SECRET: secret, NEXTAUTH_URL: `http://localhost:${port}` });
}

/** NextAuth 4's credentials sign-in over HTTP, as its sign-in form posts it; resolves with the session cookie. */
async function signIn(base: string): Promise<string> {
  const csrf = await request(`${base}/api/auth/csrf`);
  expect(csrf.status).toBe(200);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  let jar = withCookies('', csrf);
  const callback = await request(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    cookie: jar,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, username: user.username, password: user.password, json: 'true' }),
  });
  jar = withCookies(jar, callback);
  await callback.body?.cancel();
  expect(jar).toMatch(/next-auth\.session-token=/);
  return jar;
}

/** What every server of the app must do: send anonymous visitors to sign in, and serve the app with identity once signed in. */
async function expectMountWithIdentity(base: string): Promise<void> {
  const anonymous = await request(`${base}/tools/api-docs/`);
  expect(anonymous.status).toBe(307);
  expect(anonymous.headers.get('location')).toMatch(/\/api\/auth\/signin\?callbackUrl=(%2F|http).*tools%2Fapi-docs%2F$/);

  const cookie = await signIn(base);
  const me = await request(`${base}/tools/me`, { cookie });
  expect(me.status).toBe(200);
  const body = (await me.json()) as WhoAmI;
  expect(body).toEqual({ identity: expect.objectContaining({ id: identityId, name: user.name, email: user.email }), header: identityId });

  // withGraft in the README's next.config: swagger-ui-express's /x -> /x/ redirect reaches the browser, no loop.
  const bare = await request(`${base}/tools/api-docs`, { cookie });
  expect(bare.status).toBeGreaterThanOrEqual(301);
  expect(bare.status).toBeLessThanOrEqual(308);
  expect(bare.headers.get('location')).toMatch(/\/tools\/api-docs\/$/);
  const docs = await request(`${base}/tools/api-docs/`, { cookie });
  expect(docs.status).toBe(200);
  expect(await docs.text()).toContain('swagger-ui');
}

describe('a fresh Next 16 app, from the tarballs and the README alone', () => {
  beforeAll(async () => {
    app = createFreshApp('next16');
    // The README's commands for a Next app: the tarballs, then the quick start's packages.
    await runReadmeCommands(readme, 'next16', { app, timeoutMs: 240_000 });
    const written = writeReadmeFiles(readme, app);
    expect(written).toEqual(
      expect.arrayContaining([
        'tools-app.ts',
        'auth.ts',
        'app/api/auth/[...nextauth]/route.ts',
        'app/tools/[[...path]]/route.ts',
        'next.config.ts',
      ]),
    );
    app.write('users.ts', usersModule(user));
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    app?.remove();
  });

  it('installs a clean tree: npm ls exits 0 and shows the tarballs', async () => {
    const tree = await app.run('npm ls', 60_000);
    // One @graft/core: @graft/next's dependency is the installed tarball, not a second copy.
    const graft = await app.run('npm ls --all @graft/core @graft/next', 60_000);
    const specs = Object.entries(app.dependencies()).filter(([name]) => name.startsWith('@graft/'));
    console.log(
      [
        'npm ls in the fresh Next 16 app:',
        tree.trimEnd(),
        '',
        'npm ls --all @graft/core @graft/next:',
        graft.trimEnd(),
        '',
        'package.json:',
        ...specs.map(([name, spec]) => `  "${name}": "${spec}"`),
      ].join('\n'),
    );
    expect(tree).toMatch(/@graft\/core@0\.1\.0\n/);
    expect(tree).toMatch(/@graft\/next@0\.1\.0\n/);
    expect(tree).toMatch(/next@16\./);
    expect(graft).toMatch(/@graft\/next@0\.1\.0[^\n]*\n[^\n]*@graft\/core@0\.1\.0 deduped/);
    // Installed from the tarballs (copied in, not linked to the workspace).
    expect(app.dependencies()).toMatchObject({
      '@graft/core': expect.stringMatching(/^file:.*packs\/graft-core-0\.1\.0\.tgz$/),
      '@graft/next': expect.stringMatching(/^file:.*packs\/graft-next-0\.1\.0\.tgz$/),
    });
    expect(app.isLinked('node_modules/@graft/core')).toBe(false);
  });

  it('builds for production (next build, Turbopack, cacheComponents)', async () => {
    const output = await app.run('npm run build', 240_000);
    expect(output).toMatch(/Turbopack/);
    expect(output).toMatch(/\/tools\/\[\[\.\.\.path\]\]/);
  });

  it('next start: sign-in redirect, NextAuth sign-in in Chromium, then Swagger UI and the user', async () => {
    const port = await freePort();
    const running = await startServer({
      cwd: app.dir,
      script: 'start',
      args: ['-H', '127.0.0.1', '-p', String(port)],
      env: appEnv(port),
      port,
      ready: /Ready in/,
      timeoutMs: 60_000,
    });
    servers.push(running);
    onTestFinished(() => running.stop());
    await expectMountWithIdentity(`http://127.0.0.1:${port}`);

    const origin = `http://localhost:${port}`;
    const browser = await launchChromium();
    onTestFinished(() => browser.close());
    const page = await browser.newPage();
    await page.goto(`${origin}/tools/api-docs/`, { timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe('/api/auth/signin');
    await page.locator('input[name="username"]').fill(user.username, { timeout: 10_000 });
    await page.locator('input[name="password"]').fill(user.password, { timeout: 10_000 });
    await page.getByRole('button', { name: /sign in/i }).click({ timeout: 10_000 });
    await page.waitForURL(`${origin}/tools/api-docs/`, { timeout: 30_000 });
    await expectSwaggerUi(page);
    await expectSignedIn(page, origin, { id: identityId, user });
  });

  it('next dev: the same mount with identity', async () => {
    const port = await freePort();
    const running = await startServer({
      cwd: app.dir,
      script: 'dev',
      args: ['-H', '127.0.0.1', '-p', String(port)],
      env: appEnv(port),
      port,
      ready: /Ready in/,
      timeoutMs: 60_000,
    });
    servers.push(running);
    onTestFinished(() => running.stop());
    await expectMountWithIdentity(`http://127.0.0.1:${port}`);
  });
});
