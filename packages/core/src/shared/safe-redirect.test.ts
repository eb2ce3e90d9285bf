import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from './safe-redirect.js';

// A fallback no input can produce, so the properties can tell "rejected" from "accepted".
const FALLBACK = 'FALLBACK';

// Bases a browser could resolve the result against: a bare origin, a page deep in a site, https
// with a port and a query.
const BASES = ['http://site.test', 'http://site.test/a/b/c?x=1#top', 'https://site.test:8443/deep/page/'];

// Pieces that make open redirects: slashes, backslashes, whitespace the URL parser drops, dot
// segments, schemes, user info, encoded slashes, look-alike Unicode slashes and spaces.
const PIECES = [
  '/',
  '//',
  '\\',
  '\t',
  '\n',
  '\r',
  '\f',
  '\v',
  ' ',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u00a0',
  '\u2028',
  '\u3000',
  '\ufeff',
  '\uff0f',
  '\u2215',
  '\u2044',
  '.',
  '..',
  '@',
  ':',
  '?',
  '#',
  '%',
  '%2F',
  '%2f',
  '%5C',
  '%09',
  '%0a',
  'evil.example',
  'site.test',
  'http:',
  'https:',
  'javascript:',
  'data:',
  'a',
  'é',
  '日本',
];
const urlish = fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((parts) => parts.join(''));
const anyString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), urlish);

describe('safeRedirectPath', () => {
  it('keeps paths of this site, with query and fragment', () => {
    for (const path of ['/', '/tools/notes', '/tools/notes/?x=1&y=2', '/a#top', '/a:b/c@d', '/%2F%2Fevil.example']) {
      expect(safeRedirectPath(path)).toBe(path);
    }
  });

  it('normalises: dot segments resolved, non-ASCII and spaces percent-encoded', () => {
    expect(safeRedirectPath('/a/../b/./c')).toBe('/b/c');
    expect(safeRedirectPath('/café?q=a b')).toBe('/caf%C3%A9?q=a%20b');
    expect(() => new Headers({ location: safeRedirectPath('/日本') })).not.toThrow();
  });

  it('refuses other sites, in every spelling browsers read as one', () => {
    const attacks = [
      '//evil.example/',
      '///evil.example/',
      '/\t/evil.example/',
      '/\n/evil.example/',
      '/\r/evil.example/',
      '/\r\n/evil.example/',
      '\t//evil.example/',
      '/\\evil.example/',
      '\\\\evil.example/',
      '/\\/evil.example/',
      '/..//evil.example/',
      '/a/../..//evil.example/',
      'https://evil.example/',
      'http:evil.example',
      'javascript:alert(1)',
      ' /evil',
      '/\u0000/evil.example',
      'evil.example',
      '',
    ];
    for (const target of attacks) expect(safeRedirectPath(target), JSON.stringify(target)).toBe('/');
  });

  it('refuses values that are not strings, with the given fallback', () => {
    for (const value of [null, undefined, 42, ['/a'], new URL('http://site.test/a'), new Blob(['/a'])]) {
      expect(safeRedirectPath(value, '/home')).toBe('/home');
    }
  });

  it('property: whatever it accepts stays on the origin it is resolved against', () => {
    fc.assert(
      fc.property(anyString, (value) => {
        const result = safeRedirectPath(value, FALLBACK);
        if (result === FALLBACK) return;
        for (const base of BASES) {
          expect(new URL(result, base).origin).toBe(new URL(base).origin);
        }
        // And so does the original value, as a browser given it directly would resolve it.
        for (const base of BASES) {
          expect(new URL(value, base).origin).toBe(new URL(base).origin);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it('property: an accepted result is a header-safe, stable path-absolute reference', () => {
    fc.assert(
      fc.property(anyString, (value) => {
        const result = safeRedirectPath(value, FALLBACK);
        if (result === FALLBACK) return;
        expect(result).toMatch(/^\/(?!\/)[\x21-\x7e]*$/);
        expect(safeRedirectPath(result, FALLBACK)).toBe(result);
        expect(() => new Headers({ location: result })).not.toThrow();
      }),
      { numRuns: 5_000 },
    );
  });

  it('property: paths built from safe segments are accepted', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_~-]{1,8}$/);
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), fc.option(segment), (segments, query) => {
        const path = `/${segments.join('/')}${query === null ? '' : `?q=${query}`}`;
        expect(safeRedirectPath(path, FALLBACK)).toBe(path);
      }),
    );
  });
});
