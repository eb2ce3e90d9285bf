import { afterEach, describe, expect, it } from 'vitest';
import { configuredBasePath, withBasePath } from './base-path.js';

describe('withBasePath', () => {
  it('returns the request itself without a basePath', () => {
    const request = new Request('http://localhost/x');
    expect(withBasePath(request, '')).toBe(request);
  });

  it('re-roots the URL and keeps method, headers, body and abort signal', async () => {
    const controller = new AbortController();
    const request = new Request('http://localhost:3000/tools/a%2Fb?q=1', {
      method: 'PUT',
      headers: { 'x-test': 'yes' },
      body: 'payload',
      signal: controller.signal,
    });
    const publicRequest = withBasePath(request, '/docs');
    expect(publicRequest.url).toBe('http://localhost:3000/docs/tools/a%2Fb?q=1');
    expect(publicRequest.method).toBe('PUT');
    expect(publicRequest.headers.get('x-test')).toBe('yes');
    expect(await publicRequest.text()).toBe('payload');
    controller.abort(new Error('gone'));
    expect(publicRequest.signal.aborted).toBe(true);
  });
});

describe('configuredBasePath', () => {
  const saved = process.env.__NEXT_ROUTER_BASEPATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.__NEXT_ROUTER_BASEPATH;
    else process.env.__NEXT_ROUTER_BASEPATH = saved;
  });

  it("reads the value Next compiles in, and is '' without one", () => {
    delete process.env.__NEXT_ROUTER_BASEPATH;
    expect(configuredBasePath()).toBe('');
    process.env.__NEXT_ROUTER_BASEPATH = '/docs';
    expect(configuredBasePath()).toBe('/docs');
  });
});
