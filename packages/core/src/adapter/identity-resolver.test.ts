import { describe, expect, it } from 'vitest';
import { resolveIdentity } from './identity-resolver.js';

describe('resolveIdentity', () => {
  const request = new Request('http://localhost/');

  it('is anonymous without a resolver', async () => {
    expect(await resolveIdentity(undefined, request, undefined)).toBeNull();
  });

  it('awaits async resolvers and passes the request', async () => {
    expect(await resolveIdentity(async (r) => ({ id: new URL(r.url).host }), request, undefined)).toEqual({ id: 'localhost' });
    expect(await resolveIdentity(() => 'alice', request, undefined)).toBe('alice');
  });

  it('maps undefined to anonymous', async () => {
    expect(await resolveIdentity(() => undefined, request, undefined)).toBeNull();
  });

  it("passes the host's route arguments along", async () => {
    const args = { params: { '*': 'a/b' } };
    expect(await resolveIdentity((_request, seen: typeof args) => seen.params['*'], request, args)).toBe('a/b');
  });
});
