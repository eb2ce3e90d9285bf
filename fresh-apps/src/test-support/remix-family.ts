/**
 * The fresh-app suite for Remix 2 and React Router 7, which share the README's quick start (the
 * packages, the embedded app, the route module) and differ in their starter, their CLI and three
 * files: a fresh app outside the workspace, Graft installed only from the packed tarballs, every
 * file and command from the README, then its typecheck, a production build served by the
 * starter's server, and the dev server, each serving swagger-ui-express under `/tools` behind the
 * README's cookie-session sign-in with a plain `redirect()`.
 */
import type { Request as BrowserRequest } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { launchChromium } from '../browser.js';
import { createFreshApp, type FreshApp, runReadmeCommands, writeReadmeFiles } from '../fresh-app.js';
import { freePort, type RunningServer, startServer, terminalEnv } from '../processes.js';
import { readReadme } from '../readme.js';
import { expectSignedIn, expectSwaggerUi, waitForHydratedForm } from './browser-checks.js';
import { request, type TestUser, testUser, usersModule, type WhoAmI, withCookies } from './http.js';

/** What differs between the two frameworks. */
export interface RemixFamilyApp {
  name: 'remix2' | 'rr7';
  title: string;
  /** The README files this app must get. */
  files: string[];
  /** What the production server (`npm start`) prints once it listens. */
  startReady: RegExp;
}

export function describeRemixFamilyApp(options: RemixFamilyApp): void {
  const readme = readReadme();
  const user: TestUser = testUser();
  const secret = crypto.randomUUID() + crypto.randomUUID();
  let app: FreshApp;
  /** Every server started; each test stops its own when it ends, pass or fail. */
  const servers: RunningServer[] = [];

  /** Anonymous → the sign-in page; the README's sign-in action over HTTP; then the app with identity. */
  async function expectMountWithIdentity(base: string): Promise<void> {
    const anonymous = await request(`${base}/tools/api-docs/`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?redirectTo=%2Ftools%2Fapi-docs%2F');

    const login = await request(`${base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: user.username, password: user.password, redirectTo: '/tools/api-docs/' }),
    });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toBe('/tools/api-docs/');
    const cookie = withCookies('', login);
    expect(cookie).toMatch(/__session=/);

    const me = await request(`${base}/tools/me`, { cookie });
    expect(me.status).toBe(200);
    expect((await me.json()) as WhoAmI).toEqual({
      identity: expect.objectContaining({ id: user.id, name: user.name, email: user.email }),
      header: user.id,
    });
    const bare = await request(`${base}/tools/api-docs`, { cookie });
    expect(bare.status).toBeGreaterThanOrEqual(301);
    expect(bare.status).toBeLessThanOrEqual(308);
    expect(bare.headers.get('location')).toMatch(/\/tools\/api-docs\/$/);
    const docs = await request(`${base}/tools/api-docs/`, { cookie });
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
  }

  describe(`a fresh ${options.title} app, from the tarballs and the README alone`, () => {
    beforeAll(async () => {
      app = createFreshApp(options.name);
      await runReadmeCommands(readme, options.name, { app, timeoutMs: 240_000 });
      expect(writeReadmeFiles(readme, app)).toEqual(expect.arrayContaining(options.files));
      app.write('app/users.server.ts', usersModule(user));
    });

    afterAll(async () => {
      await Promise.all(servers.map((server) => server.stop()));
      app?.remove();
    });

    it('installs a clean tree from the tarballs (npm ls exits 0)', async () => {
      const tree = await app.run('npm ls', 60_000);
      expect(tree).toMatch(/@graft\/core@0\.1\.0\n/);
      expect(tree).toMatch(/@graft\/remix@0\.1\.0\n/);
      expect(app.dependencies()).toMatchObject({
        '@graft/core': expect.stringMatching(/^file:.*packs\/graft-core-0\.1\.0\.tgz$/),
        '@graft/remix': expect.stringMatching(/^file:.*packs\/graft-remix-0\.1\.0\.tgz$/),
      });
      expect(app.isLinked('node_modules/@graft/core')).toBe(false);
      const core = await app.run('npm ls --all @graft/core', 60_000);
      expect(core).toMatch(/@graft\/remix@0\.1\.0[^\n]*\n[^\n]*@graft\/core@0\.1\.0 deduped/);
    });

    it("type-checks the README's files with the starter's own typecheck script", async () => {
      await app.run('npm run typecheck', 120_000);
    });

    it('builds for production', async () => {
      await app.run('npm run build', 180_000);
    });

    it("npm start: sign-in in Chromium through the README's plain redirect(), then Swagger UI and the user", async () => {
      const port = await freePort();
      const running = await startServer({
        cwd: app.dir,
        script: 'start',
        args: [],
        env: terminalEnv({ PORT: String(port), HOST: '127.0.0.1', SESSION_SECRET: secret }),
        port,
        ready: options.startReady,
        timeoutMs: 60_000,
      });
      servers.push(running);
      onTestFinished(() => running.stop());
      await expectMountWithIdentity(`http://127.0.0.1:${port}`);

      const origin = `http://localhost:${port}`;
      const browser = await launchChromium();
      onTestFinished(() => browser.close());
      const page = await browser.newPage();
      const requests: BrowserRequest[] = [];
      page.on('request', (sent) => requests.push(sent));
      await page.goto(`${origin}/tools/api-docs/`, { timeout: 30_000 });
      expect(page.url()).toBe(`${origin}/login?redirectTo=%2Ftools%2Fapi-docs%2F`);
      // Signed in through the client router (a hydrated <Form>), whose action answers with redirect().
      await waitForHydratedForm(page);
      await page.getByLabel('User name').fill(user.username, { timeout: 10_000 });
      await page.getByLabel('Password').fill(user.password, { timeout: 10_000 });
      await page.getByRole('button', { name: 'Sign in' }).click({ timeout: 10_000 });
      await page.waitForURL(`${origin}/tools/api-docs/`, { timeout: 30_000 });
      await expectSwaggerUi(page);
      await expectSignedIn(page, origin, { id: user.id, user });
      const submission = requests.find((sent) => sent.method() === 'POST' && new URL(sent.url()).pathname.startsWith('/login'));
      expect(submission?.resourceType(), 'the sign-in form was submitted by the client router').toBe('fetch');
      const landed = requests.filter((sent) => sent.resourceType() === 'document' && new URL(sent.url()).pathname === '/tools/api-docs/');
      expect(landed.length, 'the mounted page was loaded as a document after signing in').toBeGreaterThanOrEqual(2);
    });

    it('the dev server: the same mount with identity', async () => {
      const port = await freePort();
      const running = await startServer({
        cwd: app.dir,
        script: 'dev',
        args: ['--host', '127.0.0.1', '--port', String(port), '--strictPort'],
        env: terminalEnv({ SESSION_SECRET: secret }),
        port,
        ready: new RegExp(`Local:\\s+http://127\\.0\\.0\\.1:${port}/`),
        timeoutMs: 60_000,
      });
      servers.push(running);
      onTestFinished(() => running.stop());
      await expectMountWithIdentity(`http://127.0.0.1:${port}`);
    });
  });
}
