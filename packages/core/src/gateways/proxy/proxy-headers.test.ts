import { describe, expect, it } from 'vitest';
import { endToEndHeaders, rewriteCookiePath, rewriteLocation, toPublicPath } from './proxy-headers.js';

describe('endToEndHeaders', () => {
  it('drops hop-by-hop fields, those named in Connection, Proxy and Proxy-*; groups repeats', () => {
    const raw = [
      'Connection',
      'keep-alive, X-Secret',
      'X-Secret',
      'hop',
      'Keep-Alive',
      'timeout=5',
      'TE',
      'trailers',
      'Trailer',
      'X-T',
      'Transfer-Encoding',
      'chunked',
      'Upgrade',
      'h2c',
      'Proxy',
      'http://evil',
      'Proxy-Authorization',
      'Basic x',
      'Proxy-Foo',
      '1',
      'Set-Cookie',
      'a=1',
      'set-cookie',
      'b=2',
      'Accept',
      'text/html',
    ];
    expect(endToEndHeaders(raw)).toEqual({ 'set-cookie': ['a=1', 'b=2'], accept: 'text/html' });
    expect(endToEndHeaders(raw, (name) => name === 'accept')).toEqual({ 'set-cookie': ['a=1', 'b=2'] });
  });
});

describe('toPublicPath', () => {
  it('replaces the upstream base with the public prefix on segment boundaries only', () => {
    expect(toPublicPath('/base/x', '/base', '/app')).toBe('/app/x');
    expect(toPublicPath('/base', '/base', '/app')).toBe('/app');
    expect(toPublicPath('/basement', '/base', '/app')).toBeUndefined();
    expect(toPublicPath('/x', '', '/app')).toBe('/app/x');
    expect(toPublicPath('/base', '/base', '')).toBe('/');
  });
});

describe('rewriteLocation', () => {
  const upstream = new URL('http://10.1.2.3:8080/base');
  it('maps path-absolute and same-origin absolute locations under the base', () => {
    expect(rewriteLocation('/base/a?b#c', upstream, '/base', '/app')).toBe('/app/a?b#c');
    expect(rewriteLocation('http://10.1.2.3:8080/base/a?b', upstream, '/base', '/app')).toBe('/app/a?b');
    expect(rewriteLocation('//10.1.2.3:8080/base/', upstream, '/base', '/app')).toBe('/app/');
  });

  it('leaves other sites, relative references and paths outside the base alone', () => {
    expect(rewriteLocation('http://10.1.2.3:9999/base/a', upstream, '/base', '/app')).toBe('http://10.1.2.3:9999/base/a');
    expect(rewriteLocation('https://example.com/base/a', upstream, '/base', '/app')).toBe('https://example.com/base/a');
    expect(rewriteLocation('next/page', upstream, '/base', '/app')).toBe('next/page');
    expect(rewriteLocation('/other', upstream, '/base', '/app')).toBe('/other');
    expect(rewriteLocation('http://[bad', upstream, '/base', '/app')).toBe('http://[bad');
  });
});

describe('rewriteCookiePath', () => {
  it('rewrites Path into the public prefix, any case, other attributes untouched', () => {
    expect(rewriteCookiePath('sid=1; Path=/base/x; HttpOnly', '/base', '/app')).toBe('sid=1; Path=/app/x; HttpOnly');
    expect(rewriteCookiePath('sid=1; path = /base', '/base', '/app')).toBe('sid=1; path = /app');
    expect(rewriteCookiePath('sid=1;PATH=/base/', '/base', '/app')).toBe('sid=1;PATH=/app');
  });

  it('maps a root-mounted upstream Path=/ to the mount itself, and leaves other paths alone', () => {
    expect(rewriteCookiePath('a=1; Path=/', '', '/app')).toBe('a=1; Path=/app');
    expect(rewriteCookiePath('a=1; Path=/', '', '')).toBe('a=1; Path=/');
    expect(rewriteCookiePath('a=1; Path=/other', '/base', '/app')).toBe('a=1; Path=/other');
    expect(rewriteCookiePath('a=1; Secure', '/base', '/app')).toBe('a=1; Secure');
  });
});
