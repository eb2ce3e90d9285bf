import { describe, expect, it } from 'vitest';
import { InvalidIdentityError } from './errors.js';
import { canonicalHeaderName, normalizeIdentity, protectedHeaderSet } from './identity.js';

describe('normalizeIdentity', () => {
  it('treats null and undefined as anonymous and a string as an id', () => {
    expect(normalizeIdentity(null)).toBeNull();
    expect(normalizeIdentity(undefined)).toBeNull();
    expect(normalizeIdentity('alice')).toEqual({ id: 'alice' });
    expect(normalizeIdentity({ id: 'bob', email: 'b@x' })).toEqual({ id: 'bob', email: 'b@x' });
  });

  it.each([[''], [{ id: '' }], [{ id: 42 }], ['a\r\nx-remote-user: root'], ['a\nb'], ['nul\0']])('refuses %j', (input) => {
    expect(() => normalizeIdentity(input as never)).toThrow(InvalidIdentityError);
  });
});

describe('protected identity headers', () => {
  it('compares names case-insensitively with _ standing for -', () => {
    expect(canonicalHeaderName('X_Remote_User')).toBe('x-remote-user');
    const set = protectedHeaderSet('X-Tenant-User');
    for (const name of ['Remote-User', 'remote_user', 'X-REMOTE-USER', 'x-forwarded-user', 'x_tenant_user']) {
      expect(set.has(canonicalHeaderName(name))).toBe(true);
    }
    expect(set.has(canonicalHeaderName('x-user-agent'))).toBe(false);
  });
});
