/**
 * The URL shapes each framework keeps for its own data requests, and what an embedded app sees
 * of them: the limits the README documents, shown on the real request handlers. Each test
 * names the exact behaviour, so a framework upgrade that changes it fails here.
 */
import { describe, expect, it } from 'vitest';
import type { EchoReport } from './test-support/echo-app.js';
import { reactRouter7Site, remixV2Site } from './test-support/hosts.js';

const QUERY = '?a=%20b&flag&index&index=2';

async function appSaw(response: Response): Promise<EchoReport> {
  expect(response.headers.get('x-echo'), `the app answered (status ${response.status})`).toBe('yes');
  return (await response.json()) as EchoReport;
}

describe('Remix v2 (classic data requests)', () => {
  const get = async (path: string, init?: RequestInit) => (await remixV2Site()).handle(new Request(`http://h.test/site${path}`, init));

  it('takes any ?_data= request for itself: the app never sees it', async () => {
    const response = await get('/tools/report?_data=export');
    expect(response.status).toBe(403);
    expect(response.headers.get('x-echo')).toBeNull();
  });

  it('runs the route for ?_data=<its own id>, and the app sees the query without _data', async () => {
    expect((await appSaw(await get('/tools/report?x=1&_data=routes/tools.$'))).url).toBe('/report?x=1');
  });

  it('drops a bare index param and re-serialises the query, form-encoded', async () => {
    expect((await appSaw(await get(`/tools/q${QUERY}`))).url).toBe('/q?a=+b&flag=&index=2');
  });

  it('leaves .data paths to the app (the suffix is reserved only with v3_singleFetch)', async () => {
    expect((await appSaw(await get('/tools/export.data'))).url).toBe('/export.data');
  });

  it('answers methods other than GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE with 405 itself', async () => {
    const response = await get('/tools/dav', { method: 'PROPFIND' });
    expect(response.status).toBe(405);
    expect(response.headers.get('x-echo')).toBeNull();
  });

  it("doubles the basename of the app's redirects when the mount is not told the basename", async () => {
    // fixtures/remix-v2/app/routes/nobase.$.tsx mounts without `basename`.
    const response = await get('/nobase/go-home');
    expect(response.headers.get('location')).toBe('/site/site/nobase/echo/home');
  });
});

describe('Remix v2 with future.v3_singleFetch', () => {
  const get = async (path: string) => (await remixV2Site({ v3_singleFetch: true })).handle(new Request(`http://h.test/site${path}`));

  it('takes paths ending in .data: the app is asked for the path without it, and the answer is re-encoded', async () => {
    const response = await get('/tools/export.data');
    expect(response.headers.get('content-type')).toBe('text/x-script');
    expect(response.headers.get('x-echo')).toBeNull();
    const body = await response.text();
    expect(body).toContain('"/export"');
    expect(body).not.toContain('export.data');
  });

  it('also drops _routes from the query', async () => {
    expect((await appSaw(await get(`/tools/q${QUERY}&_routes=x`))).url).toBe('/q?a=+b&flag=&index=2');
  });
});

describe('React Router 7 (single fetch)', () => {
  const get = async (path: string, init?: RequestInit, future: Record<string, boolean> = {}) =>
    (await reactRouter7Site(future)).handle(new Request(`http://h.test/rr${path}`, init));

  it('takes paths ending in .data: the app is asked for the path without it, and the answer is re-encoded', async () => {
    const response = await get('/tools/export.data');
    expect(response.headers.get('content-type')).toBe('text/x-script');
    expect(response.headers.get('x-echo')).toBeNull();
    const body = await response.text();
    expect(body).toContain('"/export"');
    expect(body).not.toContain('export.data');
  });

  it('drops _routes and a bare index param, and re-serialises the query, form-encoded', async () => {
    expect((await appSaw(await get(`/tools/q${QUERY}&_routes=x`))).url).toBe('/q?a=+b&flag=&index=2');
  });

  it('does not reserve ?_data= (the app gets it, form-encoded)', async () => {
    expect((await appSaw(await get('/tools/report?_data=routes/x'))).url).toBe('/report?_data=routes%2Fx');
  });

  it('answers methods other than GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE with 405 itself', async () => {
    const response = await get('/tools/dav', { method: 'PROPFIND' });
    expect(response.status).toBe(405);
    expect(response.headers.get('x-echo')).toBeNull();
  });

  describe('with future.v8_passThroughRequests (the workaround for the query)', () => {
    const flag = { v8_passThroughRequests: true };

    it('hands the app the query byte for byte, index and _routes included', async () => {
      expect((await appSaw(await get(`/tools/q${QUERY}&_routes=x`, {}, flag))).url).toBe(`/q${QUERY}&_routes=x`);
    });

    it('still takes .data paths: the app sees the real path, but its answer is re-encoded', async () => {
      const response = await get('/tools/export.data', {}, flag);
      expect(response.headers.get('content-type')).toBe('text/x-script');
      expect(await response.text()).toContain('"/export.data"');
    });
  });
});
