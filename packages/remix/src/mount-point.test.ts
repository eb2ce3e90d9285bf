import { InvalidOptionError, MountMismatchError } from '@graft/core';
import { matchRoutes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { basenameFromPattern, resolveMountPoint } from './mount-point.js';

/** The splat the real router gives for `rawPath` under the route `pattern`. */
function routerSplat(pattern: string, rawPath: string, basename?: string): string | undefined {
  const matches = matchRoutes([{ path: pattern }], rawPath, basename);
  if (!matches) throw new Error(`${rawPath} does not match ${pattern}`);
  return matches[matches.length - 1]!.params['*'];
}

describe('resolveMountPoint with the splat the real router derives', () => {
  // Raw path -> the mount path the app must get (the rest of the raw path is its req.url).
  const cases: Array<[string, string]> = [
    ['/tools/notes/1', '/tools'],
    ['/tools', '/tools'],
    ['/tools/', '/tools'],
    ['/tools/a%2Fb/c', '/tools'],
    ['/tools/a%20b/%E2%82%AC', '/tools'],
    ['/tools/x/y/', '/tools'],
    ['/tools//x', '/tools'],
    ['/tools/tools/tools', '/tools'],
    ['/tools/%25/%252F', '/tools'],
    ['/tools/bad%zzescape', '/tools'],
    ['/TOOLS/x', '/TOOLS'],
  ];
  it.each(cases)('%s is mounted at %s', (path, mountPath) => {
    expect(resolveMountPoint({ path, splat: routerSplat('/tools/*', path) })).toEqual({ mountPath, basename: '' });
  });

  it('finds a nested mount with an encoded segment before it', () => {
    const path = '/caf%C3%A9/notes/n%2F1';
    expect(resolveMountPoint({ path, splat: routerSplat('/café/notes/*', path) })).toMatchObject({ mountPath: '/caf%C3%A9/notes' });
  });

  it('includes the basename, which the router strips before matching', () => {
    const path = '/site/tools/a/b';
    const splat = routerSplat('/tools/*', path, '/site');
    expect(splat).toBe('a/b');
    expect(resolveMountPoint({ path, splat, basename: '/site' })).toEqual({ mountPath: '/site/tools', basename: '/site' });
    expect(resolveMountPoint({ path, splat, basename: '/site/', prefix: 'tools/' })).toEqual({
      mountPath: '/site/tools',
      basename: '/site',
    });
    // React Router 7 passes the pattern, from which the basename is known.
    expect(resolveMountPoint({ path, splat, prefix: '/tools', pattern: 'tools/*' })).toEqual({
      mountPath: '/site/tools',
      basename: '/site',
    });
    expect(() => resolveMountPoint({ path, splat, prefix: '/tools' })).toThrow(MountMismatchError);
  });

  it('accepts the forms React Router 7 matches: no trailing slash, no .data suffix', () => {
    expect(resolveMountPoint({ path: '/tools/x/', splat: 'x' })).toMatchObject({ mountPath: '/tools' });
    expect(resolveMountPoint({ path: '/tools/x/report.data', splat: 'x/report' })).toMatchObject({ mountPath: '/tools' });
    expect(resolveMountPoint({ path: '/tools/x/_.data', splat: 'x' })).toMatchObject({ mountPath: '/tools' });
  });
});

describe('resolveMountPoint refuses splits that do not fit', () => {
  it('a splat that is not a tail of the path', () => {
    expect(() => resolveMountPoint({ path: '/tools/a/b', splat: 'c' })).toThrow(MountMismatchError);
    // A tail that is not on a segment boundary.
    expect(() => resolveMountPoint({ path: '/tools/ab', splat: 'b' })).toThrow(MountMismatchError);
  });

  it('a prefix that disagrees with the splat', () => {
    expect(() => resolveMountPoint({ path: '/tools/a/b', splat: 'a/b', prefix: '/other' })).toThrow(MountMismatchError);
    expect(() => resolveMountPoint({ path: '/tools/a/b', splat: 'b', prefix: '/tools' })).toThrow(MountMismatchError);
  });

  it('a basename the path does not start with', () => {
    expect(() => resolveMountPoint({ path: '/tools/a', splat: 'a', basename: '/site' })).toThrow(MountMismatchError);
    expect(() => resolveMountPoint({ path: '/sitex/tools/a', splat: 'a', basename: '/site' })).toThrow(MountMismatchError);
  });

  it('a route without a splat and without a prefix', () => {
    expect(() => resolveMountPoint({ path: '/tools/a', splat: undefined })).toThrow(InvalidOptionError);
  });

  it('bad prefixes and basenames', () => {
    expect(() => resolveMountPoint({ path: '/tools/a', splat: 'a', prefix: '/tools?x' })).toThrow(InvalidOptionError);
    expect(() => resolveMountPoint({ path: '/tools/a', splat: 'a', basename: 42 as unknown as string })).toThrow(InvalidOptionError);
  });
});

describe('resolveMountPoint from the prefix alone (a route without a splat)', () => {
  it('takes the raw form of the decoded prefix, case-insensitively as the router matches', () => {
    expect(resolveMountPoint({ path: '/Tools/caf%C3%A9/x', splat: undefined, prefix: '/tools/café' })).toEqual({
      mountPath: '/Tools/caf%C3%A9',
      basename: '',
    });
    expect(resolveMountPoint({ path: '/tools', splat: undefined, prefix: '/tools' })).toMatchObject({ mountPath: '/tools' });
  });

  it('refuses a path the prefix does not cover on segment boundaries', () => {
    expect(() => resolveMountPoint({ path: '/toolsx/a', splat: undefined, prefix: '/tools' })).toThrow(MountMismatchError);
    expect(() => resolveMountPoint({ path: '/tools', splat: undefined, prefix: '/tools/a' })).toThrow(MountMismatchError);
  });
});

describe('basenameFromPattern (React Router 7 passes the route pattern)', () => {
  it("is the mount path without the pattern's own segments", () => {
    expect(basenameFromPattern('/rr/tools', 'tools/*')).toBe('/rr');
    expect(basenameFromPattern('/tools', 'tools/*')).toBe('');
    expect(basenameFromPattern('/a/b/acme/tools', ':org/tools/*')).toBe('/a/b');
    expect(basenameFromPattern('/base', '*')).toBe('/base');
  });

  it('cannot say for optional segments, a longer pattern, or no pattern', () => {
    expect(basenameFromPattern('/rr/tools', 'en?/tools/*')).toBeUndefined();
    expect(basenameFromPattern('/tools', 'a/b/*')).toBeUndefined();
    expect(basenameFromPattern('/tools', undefined)).toBeUndefined();
  });
});
