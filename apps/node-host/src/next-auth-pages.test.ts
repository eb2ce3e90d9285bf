import { describe, expect, it } from 'vitest';
import { SIGN_OUT_PAGE, signInPath } from './next-auth-pages.js';

describe('signInPath', () => {
  it('comes back to the page asked for, encoded as one query value', () => {
    expect(signInPath('/tools/notes/live?x=1&y=2')).toBe('/api/auth/signin?callbackUrl=%2Ftools%2Fnotes%2Flive%3Fx%3D1%26y%3D2');
  });

  it('never comes back to another site', () => {
    for (const target of [
      '//evil.test/x',
      'https://evil.test/',
      '/\\evil.test',
      'relative',
      '/\t/evil.test/',
      '/\r\n/evil.test/',
      '/..//evil.test/',
    ]) {
      expect(signInPath(target)).toBe('/api/auth/signin?callbackUrl=%2F');
    }
  });
});

describe('SIGN_OUT_PAGE', () => {
  it('signs out to the home page', () => {
    expect(SIGN_OUT_PAGE).toBe('/api/auth/signout?callbackUrl=%2F');
  });
});
