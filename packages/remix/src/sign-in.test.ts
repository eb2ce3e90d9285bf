import { describe, expect, it } from 'vitest';
import { signInRedirect } from './sign-in.js';

describe('signInRedirect', () => {
  it('sends the visitor to /login with the page to come back to', () => {
    const response = signInRedirect(new Request('http://h.test/tools/notes/a%20b?x=1&y'));
    expect(response.status).toBe(303);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const location = new URL(response.headers.get('location')!, 'http://h.test');
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('redirectTo')).toBe('/tools/notes/a%20b?x=1&y');
  });

  it('never gives a way back that leads to another site, whatever path was asked for', () => {
    // `//evil.example/x` as a request path is a path of this site, but as a way back it is a
    // protocol-relative URL of another one.
    for (const [url, basename] of [
      ['http://h.test//evil.example/x', ''],
      ['http://h.test///evil.example/x?y=1', ''],
      ['http://h.test/site//evil.example/x', '/site'],
    ] as const) {
      const response = signInRedirect(new Request(url), { basename });
      const back = new URL(response.headers.get('location')!, 'http://h.test').searchParams.get('redirectTo')!;
      expect(back, url).toBe('/');
      expect(new URL(back, 'http://h.test/a/b').origin).toBe('http://h.test');
    }
  });

  it('puts the sign-in page under the basename and the way back below it', () => {
    const response = signInRedirect(new Request('http://h.test/site/tools/x'), {
      basename: '/site/',
      signInPath: '/auth/in',
      returnParam: 'next',
    });
    const location = new URL(response.headers.get('location')!, 'http://h.test');
    expect(location.pathname).toBe('/site/auth/in');
    expect(location.searchParams.get('next')).toBe('/tools/x');
  });

  it('takes a sign-in path without its leading slash as under the basename', () => {
    const response = signInRedirect(new Request('http://h.test/site/x'), { basename: '/site', signInPath: 'login' });
    expect(new URL(response.headers.get('location')!, 'http://h.test').pathname).toBe('/site/login');
  });

  it('accepts an absolute sign-in URL', () => {
    const response = signInRedirect(new Request('http://h.test/tools/x'), { signInPath: 'https://sso.test/start?app=1' });
    const location = new URL(response.headers.get('location')!);
    expect(location.origin).toBe('https://sso.test');
    expect(location.searchParams.get('app')).toBe('1');
    expect(location.searchParams.get('redirectTo')).toBe('/tools/x');
  });
});
