/**
 * withGraft's `external` in a real `next build` (Turbopack). The fixture in
 * test-fixtures/bundling-app mounts apps that break when bundled: an Express app shipped as a
 * package that finds its views through `__dirname` and requires its template engine from a
 * computed path (legacy-admin), json-server (whose errorhandler reads a stylesheet beside its
 * code), swagger-ui-express (static files beside its code) and a fetch app that reads its mount
 * context from @graft/core (mount-report). Built without `external` the build fails; with it,
 * every app answers.
 *
 * The packages are copied into the fixture's node_modules first — @graft/core and @graft/next as
 * built, like an install from npm: Next keeps workspace links (symlinks out of node_modules) in
 * the bundle whatever `serverExternalPackages` says.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNextApp, type RunningNextApp, runNextApp } from './test-support/next-app.js';

const fixture = fileURLToPath(new URL('../test-fixtures/bundling-app', import.meta.url));
const packages = fileURLToPath(new URL('../..', import.meta.url));

function installFixturePackages(): void {
  const modules = `${fixture}/node_modules`;
  rmSync(modules, { recursive: true, force: true });
  for (const name of ['legacy-admin', 'mount-report']) {
    cpSync(`${fixture}/packages/${name}`, `${modules}/${name}`, { recursive: true });
  }
  for (const name of ['core', 'next']) {
    mkdirSync(`${modules}/@graft/${name}`, { recursive: true });
    cpSync(`${packages}/${name}/package.json`, `${modules}/@graft/${name}/package.json`);
    cpSync(`${packages}/${name}/dist`, `${modules}/@graft/${name}/dist`, { recursive: true });
  }
}

let server: RunningNextApp | undefined;

beforeAll(async () => {
  installFixturePackages();
  const build = await buildNextApp(fixture);
  if (build.code !== 0) throw new Error(`next build failed:\n${build.output}`);
  server = await runNextApp(fixture, 'start');
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

describe('withGraft external', () => {
  it('without it, the build fails on the computed require, with the error a user sees', async () => {
    const build = await buildNextApp(fixture, { GRAFT_FIXTURE_EXTERNAL: 'none', GRAFT_FIXTURE_DIST: '.next/control' });
    expect(build.code).not.toBe(0);
    expect(build.output).toMatch(/Module not found: Can't resolve '[^']*\/node_modules\/legacy-admin\/engine\.js'/);
  }, 180_000);

  it('runs an app that finds its views and template engine beside its code', async () => {
    const response = await fetch(`${server!.origin}/admin`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<p>admin for graft</p>\n');
  });

  it('runs json-server, whose middleware reads files beside its code', async () => {
    const home = await fetch(`${server!.origin}/json/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<title>JSON Server</title>');
    expect(await (await fetch(`${server!.origin}/json/posts`)).json()).toEqual([{ id: 1, title: 'hello' }]);
  });

  it("serves swagger-ui-express's static files as themselves, not as its HTML page", async () => {
    const css = await fetch(`${server!.origin}/swagger/swagger-ui.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain('.swagger-ui');
  });

  it('gives an unbundled app the same @graft/core as the route, so it reads its mount context', async () => {
    expect(await (await fetch(`${server!.origin}/report/x`)).json()).toEqual({ mountPath: '/report' });
  });
});
