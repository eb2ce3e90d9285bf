/**
 * Why the host's client-side navigations into a mount are handled in the browser
 * (`@graft/remix/client`), shown on the real request handlers: the mount's loader is given the
 * same request for a framework data request as for the document request of the same URL (the
 * `.data` suffix and `?_data=` are gone before it runs), so the server cannot answer the one with
 * a document load and the other with the app's page. And the client exports leave the route a
 * resource route: documents still reach the app.
 */
import { describe, expect, it } from 'vitest';
import type { EchoReport } from './test-support/echo-app.js';
import { type FixtureSite, reactRouter7Site, remixV2Site } from './test-support/hosts.js';

interface Case {
  site: () => Promise<FixtureSite>;
  /** The data request the client router makes for `/tools/report?x=1`. */
  dataPath: string;
}

const cases: Record<string, Case> = {
  'Remix v2, classic data requests': { site: () => remixV2Site(), dataPath: '/tools/report?x=1&_data=routes/tools.$' },
  'Remix v2, single fetch': { site: () => remixV2Site({ v3_singleFetch: true }), dataPath: '/tools/report.data?x=1' },
  'React Router 7': { site: () => reactRouter7Site(), dataPath: '/tools/report.data?x=1' },
};

describe.each(Object.entries(cases))('%s (basename included)', (_name, { site, dataPath }) => {
  it('gives the mounted app the same request for a data request as for the document', async () => {
    const host = await site();
    const document = await host.handle(new Request(`http://h.test${host.basename}/tools/report?x=1`));
    expect(document.headers.get('x-echo')).toBe('yes');
    const seen = (await document.json()) as EchoReport;
    expect(seen.url).toBe('/report?x=1');
    const data = await host.handle(new Request(`http://h.test${host.basename}${dataPath}`));
    expect(data.status).toBe(200);
    // Classic data requests pass the app's answer through; single fetch re-encodes it. Either way
    // the app was asked for the document's URL: nothing told the loader it was a data request.
    expect(await data.text()).toContain(JSON.stringify(seen.url));
  });
});

const fixtures = new URL('../fixtures/', import.meta.url);

interface BuiltRoute {
  module: Record<string, unknown>;
}
interface Build {
  routes: Record<string, BuiltRoute>;
  assets: { routes: Record<string, { hasClientLoader: boolean; hasClientAction: boolean }> };
}

describe('the client exports', () => {
  it.each([
    ['remix-v2', 'routes/tools.$', () => remixV2Site()],
    ['react-router-7', 'routes/tools', () => reactRouter7Site()],
  ] as const)('%s: are in the browser manifest, and the route stays a resource route', async (fixture, routeId, site) => {
    const build = (await import(new URL(`${fixture}/build/server/index.js`, fixtures).href)) as Build;
    expect(build.assets.routes[routeId]).toMatchObject({ hasClientLoader: true, hasClientAction: true });
    expect(build.routes[routeId]?.module.default).toBeUndefined();
    const host = await site();
    const response = await host.handle(new Request(`http://h.test${host.basename}/tools/landing`));
    expect(await response.text()).toContain('<h1>Embedded echo app</h1>');
  });
});
