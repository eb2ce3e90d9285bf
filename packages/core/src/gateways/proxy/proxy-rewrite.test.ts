/**
 * Property tests of the proxy's `Location` and `Set-Cookie` `Path=` rewriting: whatever the mount,
 * the upstream base and the upstream's value, a rewritten value stays on the public origin (never
 * scheme-relative or backslash-led, however browsers strip tabs and newlines or read `\` as `/`),
 * and a cookie gains no attribute.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createMountServer } from '../../front-door/mount-server.js';
import { listen } from '../../test-support/graft-http-server.js';
import { startServer } from '../../test-support/http-server.js';
import { rawRequest, readAll } from '../../test-support/raw-http.js';
import { proxy } from './proxy.js';
import { rewriteCookiePath, rewriteLocation } from './proxy-headers.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const PUBLIC = 'http://public.example';
const UPSTREAM = new URL('http://upstream.internal:8080');

/** Pieces that make parsers disagree: slashes both ways, whitespace browsers drop, dots, escapes. */
const piece = fc.constantFrom(
  '/',
  '\\',
  '//',
  '/\\',
  '\t',
  '\n',
  '\r',
  ' ',
  '.',
  '..',
  'evil',
  'evil.example',
  '%2F',
  '%5C',
  '?',
  '#',
  ':',
  '@',
  ';',
  'a',
);
const junk = fc.array(piece, { maxLength: 8 }).map((p) => p.join(''));
/** Mount paths as hosts present them: `''` or `/…`, here with hostile segments too (Express `/:tenant`). */
const mount = fc.oneof(
  fc.constant(''),
  fc.constant('/app'),
  junk.map((j) => `/${j}`.replace(/\/+$/, '')),
);
const base = fc.constantFrom('', '/base', '/a/b');
const location = (b: string) =>
  fc.oneof(
    junk.map((j) => `${b}/${j}`),
    junk.map((j) => b + j),
    junk.map((j) => `${UPSTREAM.origin}${b}/${j}`),
    junk.map((j) => `//${UPSTREAM.host}${b}/${j}`),
    junk.map((j) => `http:\\\\${UPSTREAM.host}${b}\\${j}`),
    fc.string({ maxLength: 30 }),
  );

const origin = (reference: string) => new URL(reference, `${PUBLIC}/some/page`).origin;

describe('rewriteLocation: properties', () => {
  it('a rewritten Location always stays on the public origin', () => {
    fc.assert(
      fc.property(
        mount,
        base,
        base.chain((b) => fc.tuple(fc.constant(b), location(b))),
        (publicBase, _, [upstreamBase, loc]) => {
          const out = rewriteLocation(loc, UPSTREAM, upstreamBase, publicBase);
          if (out === loc) return;
          expect(origin(out), JSON.stringify({ publicBase, upstreamBase, loc, out })).toBe(PUBLIC);
          const stripped = out.replace(/[\t\n\r]/g, '');
          expect(stripped).not.toMatch(/^[\\/][\\/]|^\\/);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('a path under the base lands on the same path under the mount', () => {
    const segment = fc.array(fc.constantFrom('', 'x', 'evil', '\\', 'a.b'), { maxLength: 5 }).map((s) => s.join('/'));
    fc.assert(
      fc.property(fc.constantFrom('', '/app', '/a/b'), base, segment, (publicBase, upstreamBase, rest) => {
        // Without a base, a rest led by a slash makes the input itself scheme-relative: not a path.
        fc.pre(upstreamBase !== '' || !/^[\\/]/.test(rest));
        const out = rewriteLocation(`${upstreamBase}/${rest}`, UPSTREAM, upstreamBase, publicBase);
        const expected = new URL(`${PUBLIC}${publicBase}/${rest}`).pathname;
        expect(new URL(out, `${PUBLIC}/p`).pathname).toBe(expected);
        expect(origin(out)).toBe(PUBLIC);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('rewriteLocation: the reported redirects at a root mount', () => {
  const upstream = new URL('http://upstream/base');
  for (const loc of [
    '/base//evil.example/x',
    '/base/\\evil.example/x',
    'http://upstream/base//evil.example/x',
    '/base/\t/evil.example/x',
  ]) {
    it(`keeps ${JSON.stringify(loc)} on the public origin, same path`, () => {
      const out = rewriteLocation(loc, upstream, '/base', '');
      expect(origin(out)).toBe(PUBLIC);
      expect(new URL(out, PUBLIC).pathname).toBe('//evil.example/x');
    });
  }

  it('keeps a backslash-led mount path on the public origin', () => {
    const out = rewriteLocation('/base/x', upstream, '/base', '/\\evil.example');
    expect(origin(out)).toBe(PUBLIC);
  });
});

describe('rewriteCookiePath: properties', () => {
  it('a rewritten cookie keeps its attributes, and its Path stays one attribute value', () => {
    // A Set-Cookie value cannot hold CR or LF; the mount may hold anything a path can.
    const path = junk.map((j) => j.replace(/[\r\n;]/g, ''));
    const cookie = fc.tuple(fc.constantFrom('sid=1', 'a=b'), path, fc.constantFrom('', '; HttpOnly', '; Secure; SameSite=Lax'));
    fc.assert(
      fc.property(mount, base, cookie, (publicBase, upstreamBase, [pair, path, tail]) => {
        const input = `${pair}; Path=${upstreamBase}/${path}${tail}`;
        const out = rewriteCookiePath(input, upstreamBase, publicBase);
        if (out === input) return;
        expect(out.split(';').length, JSON.stringify({ input, out })).toBe(input.split(';').length);
        expect(out).not.toMatch(/[\r\n]/);
      }),
      { numRuns: 2000 },
    );
  });

  it('does not let a mount path inject cookie attributes', () => {
    const out = rewriteCookiePath('sid=1; Path=/; HttpOnly', '', '/t;Domain=example.com');
    expect(out).not.toMatch(/Domain/i);
  });
});

describe('proxy at a root mount: upstream redirects over real sockets', () => {
  it('never turns a same-host redirect into one off-site', async () => {
    let upOrigin = '';
    const targets: Record<string, string> = {
      '/base/a': '/base//evil.example/a',
      '/base/b': '/base/\\evil.example/b',
      '/base/c': '', // Filled in below: the upstream's own absolute URL.
      '/base/d': '/base/\t/evil.example/d',
    };
    const up = await listen((req, res) => {
      const location = req.url === '/base/c' ? `${upOrigin}/base//evil.example/c` : targets[req.url ?? ''];
      res.writeHead(302, { location: location ?? '/base/' }).end();
    });
    closers.push(() => up.close());
    upOrigin = up.origin;
    const front = await startServer(createMountServer({ mounts: { '/': proxy(`${up.origin}/base`) } }));
    closers.push(() => front.close());
    for (const path of ['/a', '/b', '/c', '/d']) {
      const res = await rawRequest(front.origin, path);
      await readAll(res);
      const location = res.headers.location!;
      expect(res.statusCode).toBe(302);
      expect(new URL(location, `${front.origin}${path}`).origin, `${path} -> ${location}`).toBe(front.origin);
      expect(new URL(location, front.origin).pathname).toBe(`//evil.example${path}`);
    }
  });
});
