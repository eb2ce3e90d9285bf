/**
 * Item: the way back after signing in never leaves the site, in any spelling a browser reads as
 * another host (`/\t/evil.example/` loses its tab and becomes `//evil.example/`). The built demo,
 * over a real socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoProcess, signIn, startDemo } from './demo';

const ATTACKS = [
  '/\t/evil.example/',
  '/\n/evil.example/',
  '/\r/evil.example/',
  '\t//evil.example/',
  '//evil.example/',
  '/\\evil.example/',
  '/..//evil.example/',
  'https://evil.example/',
];

let demo: DemoProcess;
beforeAll(async () => {
  demo = await startDemo({ SESSION_SECRET: 'remix-demo-test-secret' });
});
afterAll(async () => {
  await demo?.stop();
});

/** Where a browser goes with this `Location`, from the sign-in page. */
function destination(location: string | null): URL {
  return new URL(location ?? '', `${demo.url}/login`);
}

describe('the way back after signing in', () => {
  it('stays on the site after the sign-in form (action)', async () => {
    for (const redirectTo of ATTACKS) {
      const response = await fetch(`${demo.url}/login`, {
        method: 'POST',
        body: new URLSearchParams({ username: 'alice', password: 'alice', redirectTo }),
        redirect: 'manual',
      });
      expect(response.status, JSON.stringify(redirectTo)).toBe(302);
      const to = destination(response.headers.get('location'));
      expect(to.origin, `${JSON.stringify(redirectTo)} -> ${response.headers.get('location')}`).toBe(demo.url);
      expect(to.pathname).toBe('/');
    }
  });

  it('stays on the site for a visitor already signed in (loader)', async () => {
    const cookie = await signIn(demo.url);
    for (const redirectTo of ATTACKS) {
      const response = await fetch(`${demo.url}/login?redirectTo=${encodeURIComponent(redirectTo)}`, {
        headers: { cookie },
        redirect: 'manual',
      });
      expect(response.status, JSON.stringify(redirectTo)).toBe(302);
      const to = destination(response.headers.get('location'));
      expect(to.origin, `${JSON.stringify(redirectTo)} -> ${response.headers.get('location')}`).toBe(demo.url);
      expect(to.pathname).toBe('/');
    }
  });

  it('still comes back to a page of the site, query included', async () => {
    const response = await fetch(`${demo.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ username: 'alice', password: 'alice', redirectTo: '/tools/notes/?x=1&y=2' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/tools/notes/?x=1&y=2');
  });
});
