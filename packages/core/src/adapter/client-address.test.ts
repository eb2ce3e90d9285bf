import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.js';

const withXff = (value: string) => new Request('http://localhost/', { headers: { 'x-forwarded-for': value } });

describe('clientAddress', () => {
  it('ignores X-Forwarded-For unless trusted (a client can send any value)', () => {
    expect(clientAddress(withXff('6.6.6.6'), undefined)).toBeUndefined();
    expect(clientAddress(withXff('6.6.6.6'), false)).toBeUndefined();
  });

  it('takes the first hop when trustProxy is true', () => {
    expect(clientAddress(withXff('203.0.113.7, 10.0.0.1, ::ffff:127.0.0.1'), true)).toBe('203.0.113.7');
  });

  it('counts trusted hops from the right when trustProxy is a number', () => {
    const request = withXff('6.6.6.6, 203.0.113.7, 10.0.0.1');
    expect(clientAddress(request, 1)).toBe('10.0.0.1');
    expect(clientAddress(request, 2)).toBe('203.0.113.7');
    expect(clientAddress(request, 9)).toBe('6.6.6.6');
  });

  it('strips ports and IPv6 brackets', () => {
    expect(clientAddress(withXff('203.0.113.7:5123'), true)).toBe('203.0.113.7');
    expect(clientAddress(withXff('[2001:db8::1]:443'), true)).toBe('2001:db8::1');
    expect(clientAddress(withXff('2001:db8::1'), true)).toBe('2001:db8::1');
  });

  it('returns undefined without the header or with an empty one', () => {
    expect(clientAddress(new Request('http://localhost/'), true)).toBeUndefined();
    expect(clientAddress(withXff(' , '), true)).toBeUndefined();
  });
});
