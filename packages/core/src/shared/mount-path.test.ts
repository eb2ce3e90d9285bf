import { describe, expect, it } from 'vitest';
import { MountMismatchError } from './errors.js';
import { mountTail, splitMount, splitTarget, splitUrl, trimMountPath } from './mount-path.js';

describe('splitUrl', () => {
  it('slices the raw path and query without re-encoding', () => {
    expect(splitUrl('https://user:pw@ex.com:8443/a%2Fb//c/?q=%20x#frag')).toEqual({
      secure: true,
      host: 'ex.com:8443',
      path: '/a%2Fb//c/',
      search: '?q=%20x',
    });
  });

  it('gives / for an empty path and keeps an empty query mark', () => {
    expect(splitUrl('http://ex.com?')).toMatchObject({ secure: false, path: '/', search: '?' });
    expect(splitUrl(new Request('http://ex.com').url)).toMatchObject({ path: '/', search: '' });
  });
});

describe('splitMount', () => {
  it('mounts at the root without options', () => {
    expect(splitMount('/a/b', {})).toEqual({ mountPath: '', pathInfo: '/a/b' });
  });

  it('splits by mountPath on a segment boundary', () => {
    expect(splitMount('/tools/a', { mountPath: '/tools' })).toEqual({ mountPath: '/tools', pathInfo: '/a' });
    expect(splitMount('/tools', { mountPath: '/tools/' })).toEqual({ mountPath: '/tools', pathInfo: '/' });
    expect(splitMount('/tools/', { mountPath: '/tools' })).toEqual({ mountPath: '/tools', pathInfo: '/' });
  });

  it('refuses a mountPath that is not segment-aligned', () => {
    expect(() => splitMount('/toolsbox/a', { mountPath: '/tools' })).toThrow(MountMismatchError);
    expect(() => splitMount('/other', { mountPath: '/tools' })).toThrow(/segment-aligned/);
  });

  it('splits by a raw pathInfo tail, keeping escapes, double and trailing slashes', () => {
    expect(splitMount('/tools/a%2Fb//c/', { pathInfo: '/a%2Fb//c/' })).toEqual({
      mountPath: '/tools',
      pathInfo: '/a%2Fb//c/',
    });
    expect(splitMount('/tools/a/b', { pathInfo: 'a/b' })).toEqual({ mountPath: '/tools', pathInfo: '/a/b' });
  });

  it('accepts a decoded pathInfo and hands the app the raw tail', () => {
    expect(splitMount('/tools/a%20b/c', { pathInfo: '/a b/c' })).toEqual({
      mountPath: '/tools',
      pathInfo: '/a%20b/c',
    });
  });

  it('treats an empty pathInfo as the mount itself', () => {
    expect(splitMount('/tools', { pathInfo: '' })).toEqual({ mountPath: '/tools', pathInfo: '/' });
    expect(splitMount('/tools/', { pathInfo: '' })).toEqual({ mountPath: '/tools', pathInfo: '/' });
  });

  it('refuses a pathInfo that is not a segment-aligned tail', () => {
    expect(() => splitMount('/toolsa/b', { pathInfo: 'a/b' })).toThrow(MountMismatchError);
    expect(() => splitMount('/tools/x', { pathInfo: '/y' })).toThrow(MountMismatchError);
    expect(() => splitMount('/tools', { pathInfo: '/' })).toThrow(MountMismatchError);
  });

  it('requires pathInfo and mountPath to make up the whole path when both are given', () => {
    expect(splitMount('/t/a', { mountPath: '/t', pathInfo: '/a' })).toEqual({ mountPath: '/t', pathInfo: '/a' });
    expect(() => splitMount('/t/a', { mountPath: '/x', pathInfo: '/a' })).toThrow(MountMismatchError);
  });
});

describe('splitTarget', () => {
  it('splits a path and query at the first ?, raw', () => {
    expect(splitTarget('/a%2Fb/?q=1?x')).toEqual({ path: '/a%2Fb/', search: '?q=1?x' });
    expect(splitTarget('/a?')).toEqual({ path: '/a', search: '?' });
    expect(splitTarget('/a')).toEqual({ path: '/a', search: '' });
  });
});

describe('mountTail', () => {
  it('gives the raw tail below a segment-aligned prefix', () => {
    expect(mountTail('/tools', '/tools')).toBe('');
    expect(mountTail('/tools/', '/tools')).toBe('/');
    expect(mountTail('/tools/a%2F//b', '/tools')).toBe('/a%2F//b');
    expect(mountTail('/a/b', '')).toBe('/a/b');
  });

  it('gives undefined for a path outside the mount', () => {
    expect(mountTail('/toolsbox', '/tools')).toBeUndefined();
    expect(mountTail('/tool', '/tools')).toBeUndefined();
    expect(mountTail('/Tools/a', '/tools')).toBeUndefined();
  });
});

describe('trimMountPath', () => {
  it('drops trailing slashes; the root is empty', () => {
    expect(trimMountPath('/tools//')).toBe('/tools');
    expect(trimMountPath('/')).toBe('');
    expect(trimMountPath('/a/b')).toBe('/a/b');
  });
});
