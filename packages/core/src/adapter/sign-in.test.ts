import { describe, expect, it } from 'vitest';
import { isCorsPreflight, signInRedirect } from './sign-in.js';

describe('isCorsPreflight', () => {
  it('is an OPTIONS with Origin and Access-Control-Request-Method', () => {
    const headers = { origin: 'http://o.test', 'access-control-request-method': 'POST' };
    expect(isCorsPreflight(new Request('http://h.test/', { method: 'OPTIONS', headers }))).toBe(true);
    expect(isCorsPreflight(new Request('http://h.test/', { method: 'OPTIONS' }))).toBe(false);
    expect(isCorsPreflight(new Request('http://h.test/', { method: 'GET', headers }))).toBe(false);
  });

  it('needs Access-Control-Request-Method, and only counts for OPTIONS', () => {
    const preflight = new Request('http://localhost/t', {
      method: 'OPTIONS',
      headers: { 'access-control-request-method': 'PUT', origin: 'http://other' },
    });
    expect(isCorsPreflight(preflight)).toBe(true);
    expect(isCorsPreflight(new Request('http://localhost/t', { method: 'OPTIONS' }))).toBe(false);
    expect(isCorsPreflight(new Request('http://localhost/t', { headers: { 'access-control-request-method': 'PUT' } }))).toBe(false);
  });

  it('is not an OPTIONS without Origin, which no browser preflight lacks', () => {
    const request = new Request('http://h.test/', { method: 'OPTIONS', headers: { 'access-control-request-method': 'PUT' } });
    expect(isCorsPreflight(request)).toBe(false);
  });
});

describe('signInRedirect', () => {
  const location = (response: Response) => response.headers.get('location')!;

  it('names the way back in the return parameter, encoded, and is not cached', () => {
    const response = signInRedirect({ signInPath: '/api/auth/signin', returnParam: 'callbackUrl', returnTo: '/tools/n?x=1&y=%2F' });
    expect(response.status).toBe(303);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(location(response)).toBe('/api/auth/signin?callbackUrl=%2Ftools%2Fn%3Fx%3D1%26y%3D%252F');
  });

  it('puts the base in front of a path, keeps its query, and takes the status asked for', () => {
    const response = signInRedirect({
      signInPath: '/login?from=graft',
      returnParam: 'callbackUrl',
      returnTo: '/docs/tools/x',
      base: '/docs',
      status: 307,
    });
    expect(response.status).toBe(307);
    expect(location(response)).toBe('/docs/login?from=graft&callbackUrl=%2Fdocs%2Ftools%2Fx');
  });

  it('reads a sign-in path without its leading slash, or a base with a trailing one, as under the base', () => {
    expect(location(signInRedirect({ signInPath: 'login', returnParam: 'r', returnTo: '/x', base: '/site/' }))).toBe('/site/login?r=%2Fx');
  });

  it('leaves an absolute sign-in URL as it is', () => {
    const response = signInRedirect({
      signInPath: 'https://sso.test/start?app=1',
      returnParam: 'redirectTo',
      returnTo: '/x',
      base: '/site',
    });
    const url = new URL(location(response));
    expect(url.origin + url.pathname).toBe('https://sso.test/start');
    expect([...url.searchParams]).toEqual([
      ['app', '1'],
      ['redirectTo', '/x'],
    ]);
  });

  it('never names a way back that leads to another site', () => {
    for (const returnTo of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', '/\t/evil.example']) {
      const url = new URL(
        location(signInRedirect({ signInPath: '/login', returnParam: 'r', returnTo, fallback: '/home' })),
        'http://h.test',
      );
      expect(url.searchParams.get('r'), returnTo).toBe('/home');
    }
  });
});
