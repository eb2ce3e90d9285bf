/**
 * NextAuth's `redirect` callback of the demo: the way back after signing in stays a path of the
 * site, whatever the callbackUrl says.
 */
import { describe, expect, it } from 'vitest';
import { sameSiteRedirect } from '@/auth';

const baseUrl = 'http://localhost:3000';
const go = (url: string) => sameSiteRedirect({ url, baseUrl });

describe('sameSiteRedirect', () => {
  it('keeps paths and absolute URLs of the site', () => {
    expect(go('/tools/notes?x=1')).toBe('http://localhost:3000/tools/notes?x=1');
    expect(go('http://localhost:3000/tools/notes/')).toBe('http://localhost:3000/tools/notes/');
    expect(go('http://localhost:3000')).toBe('http://localhost:3000/');
  });

  it('sends every other site, and every spelling of one, home', () => {
    for (const url of [
      'https://evil.example/',
      '//evil.example/',
      '/\t/evil.example/',
      '/\\evil.example/',
      '/..//evil.example/',
      'http://localhost:3000@evil.example/',
      'http://localhost:3000.evil.example/',
      'http://localhost:3000/\t/evil.example/',
      'http://localhost:3000//evil.example/',
      'http://localhost:3000/\\evil.example/',
      'javascript:alert(1)',
      '',
    ]) {
      expect(go(url), JSON.stringify(url)).toBe('http://localhost:3000/');
    }
  });
});
