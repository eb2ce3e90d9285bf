import { describe, expect, it } from 'vitest';
import { callNodeApp } from '../bridge/call-node-app.js';
import { createMountServer } from '../front-door/mount-server.js';
import { proxy } from '../gateways/proxy/proxy.js';
import { InvalidIdentityError, InvalidOptionError } from './errors.js';
import { canonicalHeaderName, checkIdentityHeader, normalizeIdentity, protectedHeaderSet } from './identity.js';

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

describe('checkIdentityHeader: the one identity-header check of bridge, front door and proxy', () => {
  it('accepts a header name, as given, and no header', () => {
    expect(checkIdentityHeader('X-Remote-User')).toBe('X-Remote-User');
    expect(checkIdentityHeader("x_user!#$%&'*+-.^`|~9")).toBe("x_user!#$%&'*+-.^`|~9");
    expect(checkIdentityHeader(undefined)).toBeUndefined();
  });

  it.each(['', 'x user', 'x-user:', 'x\r\nset-cookie', 'x-üser', 42, null])('refuses %j with InvalidOptionError', (name) => {
    expect(() => checkIdentityHeader(name)).toThrow(InvalidOptionError);
    expect(() => checkIdentityHeader(name, 'proxy')).toThrow(/^proxy: identityHeader /);
  });

  it('is what callNodeApp, createMountServer and proxy apply', async () => {
    const bad = 'x user';
    await expect(callNodeApp(() => {}, new Request('http://x/'), { identityHeader: bad })).rejects.toThrow(
      'identityHeader "x user" is not a valid header name',
    );
    expect(() => createMountServer({ mounts: {}, identityHeader: bad })).toThrow('identityHeader "x user" is not a valid header name');
    expect(() => proxy('http://127.0.0.1:1/', { identityHeader: bad })).toThrow(
      'proxy: identityHeader "x user" is not a valid header name',
    );
  });
});
