import { createRequire } from 'node:module';
import { InvalidOptionError } from '@graft/core';
import { describe, expect, it } from 'vitest';
import { externalPackages, GRAFT_EXTERNAL_PACKAGES, type GraftRedirect, trailingSlashRedirect, withGraft } from './config.js';

// Next's own compiler for redirect rules, so the test checks the rule as Next will run it.
const require = createRequire(import.meta.url);
const { buildCustomRoute } = require('next/dist/lib/build-custom-route.js') as {
  buildCustomRoute(type: 'redirect', route: GraftRedirect): { regex: string; statusCode: number };
};

function redirects(rule: GraftRedirect, path: string): boolean {
  return new RegExp(buildCustomRoute('redirect', rule).regex).test(path);
}

describe('trailingSlashRedirect', () => {
  const rule = trailingSlashRedirect(['/tools', 'apps/admin/']);

  it("keeps Next's /x/ -> /x rule for the host's own pages", () => {
    expect(redirects(rule, '/about/')).toBe(true);
    expect(redirects(rule, '/a/b/')).toBe(true);
    expect(redirects(rule, '/toolsbox/')).toBe(true);
    expect(redirects(rule, '/apps/')).toBe(true);
    expect(buildCustomRoute('redirect', rule).statusCode).toBe(308);
  });

  it('leaves paths under the mounts alone', () => {
    expect(redirects(rule, '/tools/')).toBe(false);
    expect(redirects(rule, '/tools/koa/dir/')).toBe(false);
    expect(redirects(rule, '/apps/admin/x/')).toBe(false);
  });

  it('never redirects paths without a trailing slash, or the root', () => {
    expect(redirects(rule, '/about')).toBe(false);
    expect(redirects(rule, '/')).toBe(false);
  });

  it('refuses a mount at the root and an empty list', () => {
    expect(() => trailingSlashRedirect(['/'])).toThrow(InvalidOptionError);
    expect(() => trailingSlashRedirect([])).toThrow(InvalidOptionError);
  });
});

describe('withGraft', () => {
  it("turns off Next's trailing-slash redirect and puts the rule before the config's own redirects", async () => {
    const own: GraftRedirect = { source: '/old', destination: '/new', permanent: false };
    const config = withGraft({ reactStrictMode: true, redirects: async () => [own] }, { mounts: ['/tools'] });
    expect(config.skipTrailingSlashRedirect).toBe(true);
    expect(config.reactStrictMode).toBe(true);
    expect(await config.redirects()).toEqual([trailingSlashRedirect(['/tools']), own]);
  });

  it("adds the mounted apps' packages and @graft/core to the config's serverExternalPackages, once each", () => {
    const config = withGraft(
      { serverExternalPackages: ['pg', 'json-server'] },
      { mounts: ['/tools'], external: ['json-server', 'swagger-ui-express', '@acme/admin'] },
    );
    expect(config.serverExternalPackages).toEqual(['pg', 'json-server', 'swagger-ui-express', '@acme/admin', '@graft/core']);
    expect(withGraft({}, { mounts: ['/tools'] }).serverExternalPackages).toEqual([...GRAFT_EXTERNAL_PACKAGES]);
  });

  it('refuses external entries that are not package names', () => {
    for (const name of ['./legacy-app', '/srv/app', 'express/lib/view', '@scope', '']) {
      expect(() => externalPackages([], [name])).toThrow(InvalidOptionError);
    }
    expect(() => withGraft({}, { mounts: ['/tools'], external: ['../app'] })).toThrow(/package names/);
  });

  it('refuses trailingSlash: true', () => {
    expect(() => withGraft({ trailingSlash: true }, { mounts: ['/tools'] })).toThrow(InvalidOptionError);
  });
});
