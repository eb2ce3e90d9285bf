import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from './errors.js';
import { createUrlMap, matchUrlMap, normalizeMountPrefix } from './url-map.js';

describe('normalizeMountPrefix', () => {
  it('maps the root to "" and drops one trailing slash', () => {
    expect(normalizeMountPrefix('/')).toBe('');
    expect(normalizeMountPrefix('')).toBe('');
    expect(normalizeMountPrefix('/tools/')).toBe('/tools');
    expect(normalizeMountPrefix('/a/b')).toBe('/a/b');
    expect(normalizeMountPrefix('/caf%C3%A9')).toBe('/caf%C3%A9');
  });

  it.each(['tools', '/a//b', '//', '/a?b', '/a#b', '/a b', '/tools//'])('refuses %j', (prefix) => {
    expect(() => normalizeMountPrefix(prefix)).toThrow(InvalidOptionError);
  });
});

describe('createUrlMap', () => {
  it('refuses two prefixes that are the same mount', () => {
    expect(() => createUrlMap([['/tools', 1], ['/tools/', 2]])).toThrow(/same mount/);
    expect(() => createUrlMap([['/', 1], ['', 2]])).toThrow(InvalidOptionError);
  });
});

describe('matchUrlMap', () => {
  const map = createUrlMap<string>([
    ['/', 'root'],
    ['/tools', 'tools'],
    ['/tools/admin', 'admin'],
    ['/remix/', 'remix'],
  ]);
  const match = (path: string) => {
    const m = matchUrlMap(map, path);
    return m && [m.entry.target, m.entry.prefix, m.pathInfo];
  };

  it('takes the longest segment-aligned prefix', () => {
    expect(match('/tools')).toEqual(['tools', '/tools', '/']);
    expect(match('/tools/')).toEqual(['tools', '/tools', '/']);
    expect(match('/tools/x/y')).toEqual(['tools', '/tools', '/x/y']);
    expect(match('/tools/admin')).toEqual(['admin', '/tools/admin', '/']);
    expect(match('/tools/admin/users')).toEqual(['admin', '/tools/admin', '/users']);
    expect(match('/tools/administrator')).toEqual(['tools', '/tools', '/administrator']);
    expect(match('/remix')).toEqual(['remix', '/remix', '/']);
  });

  it('never matches inside a segment, and falls back to the root mount', () => {
    expect(match('/toolsbox')).toEqual(['root', '', '/toolsbox']);
    expect(match('/tool')).toEqual(['root', '', '/tool']);
    expect(match('/')).toEqual(['root', '', '/']);
  });

  it('matches raw bytes: no decoding, no case folding, no slash squeezing', () => {
    expect(match('/%74ools/x')).toEqual(['root', '', '/%74ools/x']);
    expect(match('/TOOLS/x')).toEqual(['root', '', '/TOOLS/x']);
    expect(match('//tools/x')).toEqual(['root', '', '//tools/x']);
    expect(match('/tools//x')).toEqual(['tools', '/tools', '//x']);
    expect(match('/tools/a%2Fb')).toEqual(['tools', '/tools', '/a%2Fb']);
  });

  it('finds nothing without a root mount', () => {
    const noRoot = createUrlMap([['/tools', 'tools']]);
    expect(matchUrlMap(noRoot, '/other')).toBeUndefined();
    expect(matchUrlMap(noRoot, '/toolsbox')).toBeUndefined();
    expect(matchUrlMap(noRoot, '/tools/x')?.pathInfo).toBe('/x');
  });
});
