import { NextRequest } from 'next/server.js';
import { describe, expect, it } from 'vitest';
import { signInRedirect } from './sign-in.js';

describe('signInRedirect', () => {
  it("sends GETs to NextAuth's sign-in page with a relative way back", () => {
    const response = signInRedirect(new NextRequest('http://localhost:3000/tools/notes/n/1?x=1&y=%2F'));
    expect(response.status).toBe(307);
    const location = response.headers.get('location')!;
    expect(location).toBe('/api/auth/signin?callbackUrl=%2Ftools%2Fnotes%2Fn%2F1%3Fx%3D1%26y%3D%252F');
    expect(new URLSearchParams(location.split('?')[1]).get('callbackUrl')).toBe('/tools/notes/n/1?x=1&y=%2F');
  });

  it('uses 303 for other methods so the browser does not re-post to the sign-in page', () => {
    const response = signInRedirect(new NextRequest('http://localhost/t', { method: 'POST', body: 'a=1' }));
    expect(response.status).toBe(303);
  });

  it('puts the basePath in front of both URLs and honours a custom page', () => {
    const response = signInRedirect(new NextRequest('http://localhost/tools/x'), {
      basePath: '/docs',
      signInPath: '/login?from=graft',
    });
    expect(response.headers.get('location')).toBe('/docs/login?from=graft&callbackUrl=%2Fdocs%2Ftools%2Fx');
  });

  it('names the way back in returnParam when given', () => {
    const response = signInRedirect(new NextRequest('http://localhost/tools/x'), { returnParam: 'next' });
    expect(response.headers.get('location')).toBe('/api/auth/signin?next=%2Ftools%2Fx');
  });

  it('never gives a way back that leads to another site, whatever path was asked for', () => {
    // `//evil.example/x` as a request path is a path of this site, but as a way back it is a
    // protocol-relative URL of another one.
    for (const [url, basePath, home] of [
      ['http://localhost//evil.example/x', '', '/'],
      ['http://localhost///evil.example/x?y=1', '', '/'],
      // Below a basePath the same path is harmless: it stays a path of this site.
      ['http://localhost//evil.example/x', '/docs', '/docs//evil.example/x'],
    ] as const) {
      const location = signInRedirect(new NextRequest(url), { basePath }).headers.get('location')!;
      const back = new URLSearchParams(location.split('?')[1]).get('callbackUrl')!;
      expect(back, url).toBe(home);
      expect(new URL(back, 'http://localhost/a/b').origin).toBe('http://localhost');
    }
  });
});
