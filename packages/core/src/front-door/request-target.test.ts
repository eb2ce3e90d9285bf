/**
 * `parseRequestTarget`: which targets the front door routes, and the property that makes raw
 * matching safe — for any mount map and any target it accepts, the mount chosen on the raw path
 * is the mount a WHATWG-normalising app (Next, Remix, `new URL(req.url, base)`) would see the
 * path under. No request reaches a path under a prefix through another mount.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRefused, parseRequestTarget, type RequestTarget } from './request-target.js';
import { createUrlMap, matchUrlMap } from './url-map.js';

function accepted(url: string): RequestTarget {
  const parsed = parseRequestTarget(url);
  if (isRefused(parsed)) throw new Error(`refused ${JSON.stringify(url)}: ${parsed.refused}`);
  return parsed;
}

describe('parseRequestTarget', () => {
  it('splits origin-form into path and query, raw', () => {
    expect(accepted('/tools/a%2Fb//c/?q=%20&r=/../x')).toEqual({
      target: '/tools/a%2Fb//c/?q=%20&r=/../x',
      path: '/tools/a%2Fb//c/',
      search: '?q=%20&r=/../x',
    });
    expect(accepted('/')).toEqual({ target: '/', path: '/', search: '' });
  });

  it('reduces absolute-form to its path and query', () => {
    expect(accepted('http://h:8080/tools/x?y=1')).toEqual({ target: '/tools/x?y=1', path: '/tools/x', search: '?y=1' });
    expect(accepted('HTTPS://h')).toEqual({ target: '/', path: '/', search: '' });
  });

  it('keeps dots that are part of a segment name', () => {
    for (const path of ['/.well-known/x', '/a/.hidden', '/a/...', '/a/..b', '/a/b..', '/a/%2e%2ex', '/a/.%2e.', '/v1.2']) {
      expect(accepted(path).path).toBe(path);
    }
  });

  it.each([
    [undefined, /must be a path/],
    ['*', /must be a path/],
    ['example.com:443', /must be a path/],
    ['/.', /"\." or "\.\." segment/],
    ['/..', /segment/],
    ['/a/./b', /segment/],
    ['/a/../b', /segment/],
    ['/a/..', /segment/],
    ['/%2e/a', /segment/],
    ['/%2E%2e/a', /segment/],
    ['/a/.%2E/b', /segment/],
    ['/a/%2e./b', /segment/],
    ['http://h/a/../b', /segment/],
    ['/a\\b', /"\\"/],
    ['http://h\\tools/x', /"\\"/],
    ['/a\tb', /control/],
    ['/a b', /control/],
    ['/tools#x', /fragment/],
    ['/x?a#b', /fragment/],
    ['http://h/x#y', /fragment/],
    ['//h/tools', /"\/\/"/],
    ['http://h//h/tools', /"\/\/"/],
  ])('refuses %j', (url, reason) => {
    const parsed = parseRequestTarget(url);
    expect(isRefused(parsed)).toBe(true);
    expect((parsed as { refused: string }).refused).toMatch(reason);
  });
});

describe('the front door never routes a path through another mount than its own', () => {
  // Segments that WHATWG parsing treats specially, mixed with ordinary ones and prefix names.
  const tricky = fc.constantFrom(
    '',
    '.',
    '..',
    '%2e',
    '%2E',
    '.%2e',
    '%2E.',
    '%2e%2E',
    '...',
    '.x',
    'x.',
    '\\',
    '..\\tools',
    'tools\\..',
    '#',
    'a#b',
    '?',
    'q?x',
    '%2f',
    '%2F',
    '%5C',
    '%23',
    ';',
    '"',
    '{',
    '|',
    ' ',
    '\t',
    '\u0000',
    '\u007f',
  );
  const name = fc.constantFrom('tools', 'admin', 'a', 'x', 'tools.x');
  const segment = fc.oneof({ weight: 3, arbitrary: tricky }, { weight: 2, arbitrary: name });
  const target = fc
    .tuple(
      fc.constantFrom('', 'http://h', 'HTTP://h:1'),
      fc.array(segment, { minLength: 0, maxLength: 6 }),
      fc.constantFrom('', '?', '?a=/../tools', '?x#y'),
    )
    .map(([origin, segments, query]) => `${origin}/${segments.join('/')}${query}`);
  const prefix = fc.array(name, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}`);
  const mounts = fc
    .tuple(fc.uniqueArray(prefix, { maxLength: 4 }), fc.boolean())
    .map(([prefixes, root]) => createUrlMap([...prefixes.map((p) => [p, p] as const), ...(root ? [['/', '/'] as const] : [])]));

  /** The paths WHATWG-normalising apps route on: Node's docs' idiom, and Remix's createRequest. */
  function whatwgPaths(routedTarget: string): string[] {
    return [new URL(routedTarget, 'http://h').pathname, new URL(`http://h${routedTarget}`).pathname];
  }

  it('either refuses the target (400) or matches the mount a URL parser would', () => {
    fc.assert(
      fc.property(mounts, target, (map, raw) => {
        const parsed = parseRequestTarget(raw);
        if (isRefused(parsed)) return;
        const chosen = matchUrlMap(map, parsed.path)?.entry.prefix;
        // The app gets parsed.target (or its tail after the prefix): what would it route on?
        for (const pathname of whatwgPaths(parsed.target)) {
          expect(matchUrlMap(map, pathname)?.entry.prefix, `${raw} → ${pathname}`).toBe(chosen);
        }
        // And the raw request line itself, parsed as an absolute URL, agrees too.
        if (!raw.startsWith('/')) expect(matchUrlMap(map, new URL(raw).pathname)?.entry.prefix, raw).toBe(chosen);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts every target made of ordinary segments, byte for byte', () => {
    const ordinary = fc.constantFrom('tools', 'a', 'x.y', '...', '.x', '%2F', '%2e%2ex', '', 'b~c');
    fc.assert(
      fc.property(fc.array(ordinary, { maxLength: 6 }), fc.constantFrom('', '?q=1', '?a=/../b'), (segments, query) => {
        const path = `/${segments.join('/')}`;
        fc.pre(!path.startsWith('//'));
        expect(accepted(path + query)).toEqual({ target: path + query, path, search: query });
      }),
      { numRuns: 500 },
    );
  });
});
