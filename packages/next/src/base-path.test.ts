import { afterEach, describe, expect, it } from 'vitest';
import { configuredBasePath, publicUrl } from './base-path.js';

describe('publicUrl', () => {
  it('is undefined without a basePath: request.url already is the public URL', () => {
    expect(publicUrl('http://localhost/x', '')).toBeUndefined();
  });

  it('puts the basePath in front of the raw path, keeping host, port, encoding and query', () => {
    expect(publicUrl('http://localhost:3000/tools/a%2Fb?q=1', '/docs')).toBe('http://localhost:3000/docs/tools/a%2Fb?q=1');
    expect(publicUrl('https://example.test/', '/docs')).toBe('https://example.test/docs/');
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
