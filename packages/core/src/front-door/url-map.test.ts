import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../shared/errors.js';
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

  // The front door refuses every request path with these (request-target.ts): never reachable.
  it.each(['/.', '/a/..', '/a/../b', '/%2e/tools', '/a/.%2E', '/a\\b', '/%2E%2e/'])('refuses the unreachable %j', (prefix) => {
    expect(() => normalizeMountPrefix(prefix)).toThrow(InvalidOptionError);
  });

  it('keeps dots inside segment names', () => {
    expect(normalizeMountPrefix('/.well-known')).toBe('/.well-known');
    expect(normalizeMountPrefix('/v1.2/a..b/...')).toBe('/v1.2/a..b/...');
  });
});

describe('createUrlMap', () => {
  it('refuses two prefixes that are the same mount', () => {
    expect(() =>
      createUrlMap([
        ['/tools', 1],
        ['/tools/', 2],
      ]),
    ).toThrow(/same mount/);
    expect(() =>
      createUrlMap([
        ['/', 1],
        ['', 2],
      ]),
    ).toThrow(InvalidOptionError);
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

describe('matchUrlMap, property-tested', () => {
  const segment = fc.constantFrom('a', 'b', 'tools', 'admin', 'x.y', '%2F', 'A');
  const prefix = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}`);
  const path = fc.array(fc.oneof(segment, fc.constant('')), { minLength: 0, maxLength: 5 }).map((s) => `/${s.join('/')}`);
  const maps = fc.tuple(fc.uniqueArray(prefix, { maxLength: 5 }), fc.boolean());

  it('splits at the longest segment-aligned prefix, and prefix + tail is the raw path', () => {
    fc.assert(
      fc.property(maps, path, ([prefixes, withRoot], raw) => {
        const map = createUrlMap([...prefixes.map((p) => [p, p] as const), ...(withRoot ? [['/', '/'] as const] : [])]);
        const aligned = (p: string) => raw === p || raw.startsWith(`${p}/`);
        const longest = prefixes.filter(aligned).sort((a, b) => b.length - a.length)[0];
        const m = matchUrlMap(map, raw);
        if (longest === undefined) {
          expect(m?.entry.prefix).toBe(withRoot ? '' : undefined);
          if (m) expect(m.pathInfo).toBe(raw);
          return;
        }
        expect(m?.entry.prefix).toBe(longest);
        expect(m!.pathInfo.startsWith('/')).toBe(true);
        expect(raw === longest ? m!.pathInfo === '/' : longest + m!.pathInfo === raw).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
