import { InvalidOptionError, MountMismatchError } from '@graft/core';
import { describe, expect, it } from 'vitest';
import { normalizeBasePath, resolveMountPoint } from './mount-point.js';

describe('resolveMountPoint from the catch-all segments', () => {
  it('takes the prefix as the path minus the segments the catch-all consumed', () => {
    expect(resolveMountPoint({ path: '/tools/notes/notes/1', segments: ['notes', '1'] })).toEqual({
      mountPath: '/tools/notes',
      pathInfo: '/notes/1',
    });
  });

  it('serves the bare prefix of an optional catch-all, with and without a trailing slash', () => {
    expect(resolveMountPoint({ path: '/tools/api-docs', segments: [] })).toEqual({
      mountPath: '/tools/api-docs',
      pathInfo: '/',
    });
    expect(resolveMountPoint({ path: '/tools/api-docs/', segments: [] })).toEqual({
      mountPath: '/tools/api-docs',
      pathInfo: '/',
    });
  });

  it('keeps a trailing slash in the path info (Next drops it from the params)', () => {
    expect(resolveMountPoint({ path: '/tools/koa/dir/', segments: ['dir'] })).toEqual({
      mountPath: '/tools/koa',
      pathInfo: '/dir/',
    });
  });

  it('matches decoded segments against the raw path and keeps the raw form', () => {
    // Next decodes each segment: a%2Fb becomes one segment "a/b".
    expect(resolveMountPoint({ path: '/t/a%2Fb/c%20d/%E2%82%AC', segments: ['a/b', 'c d', '€'] })).toEqual({
      mountPath: '/t',
      pathInfo: '/a%2Fb/c%20d/%E2%82%AC',
    });
  });

  it('handles a catch-all at the site root', () => {
    expect(resolveMountPoint({ path: '/a/b', segments: ['a', 'b'] })).toEqual({ mountPath: '', pathInfo: '/a/b' });
    expect(resolveMountPoint({ path: '/', segments: [] })).toEqual({ mountPath: '', pathInfo: '/' });
  });

  it('rejects segments that are not the tail of the path', () => {
    expect(() => resolveMountPoint({ path: '/tools/x/y', segments: ['z'] })).toThrow(MountMismatchError);
    expect(() => resolveMountPoint({ path: '/x', segments: ['a', 'x'] })).toThrow(MountMismatchError);
  });

  it('cross-checks the prefix option against the derived prefix', () => {
    expect(resolveMountPoint({ path: '/tools/notes/a', segments: ['a'], prefix: '/tools/notes' }).mountPath).toBe('/tools/notes');
    expect(() => resolveMountPoint({ path: '/tools/notes/a', segments: ['a'], prefix: '/tools' })).toThrow(MountMismatchError);
  });

  it('accepts a prefix given decoded when the path is encoded', () => {
    expect(resolveMountPoint({ path: '/my%20tools/a', segments: ['a'], prefix: '/my tools/' })).toEqual({
      mountPath: '/my%20tools',
      pathInfo: '/a',
    });
  });
});

describe('resolveMountPoint from the prefix option alone', () => {
  it('splits at the prefix on a segment boundary', () => {
    expect(resolveMountPoint({ path: '/tools/x/y', prefix: 'tools' })).toEqual({
      mountPath: '/tools',
      pathInfo: '/x/y',
    });
    expect(resolveMountPoint({ path: '/tools', prefix: '/tools' })).toEqual({ mountPath: '/tools', pathInfo: '/' });
  });

  it('does not match a prefix that only shares leading characters', () => {
    expect(() => resolveMountPoint({ path: '/toolsbox/x', prefix: '/tools' })).toThrow(MountMismatchError);
  });

  it('needs a prefix when there are no route params', () => {
    expect(() => resolveMountPoint({ path: '/tools/x' })).toThrow(InvalidOptionError);
  });
});

describe('basePath', () => {
  it('is put in front of the mount path, since Next removed it from request.url', () => {
    expect(resolveMountPoint({ path: '/tools/notes/1', segments: ['notes', '1'], basePath: '/docs' })).toEqual({
      mountPath: '/docs/tools',
      pathInfo: '/notes/1',
    });
    expect(resolveMountPoint({ path: '/tools/', prefix: '/tools', basePath: '/docs' })).toEqual({
      mountPath: '/docs/tools',
      pathInfo: '/',
    });
  });

  it('must look like a Next basePath', () => {
    expect(normalizeBasePath(undefined)).toBe('');
    expect(normalizeBasePath('/docs')).toBe('/docs');
    expect(() => normalizeBasePath('docs')).toThrow(InvalidOptionError);
    expect(() => normalizeBasePath('/docs/')).toThrow(InvalidOptionError);
  });
});
