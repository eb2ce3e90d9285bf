import { describe, expect, it } from 'vitest';
import { resolveIdentity } from './identity.js';

describe('resolveIdentity', () => {
  const request = new Request('http://localhost/');

  it('is anonymous without a resolver', async () => {
    expect(await resolveIdentity(undefined, request)).toBeNull();
  });

  it('awaits async resolvers and passes the request', async () => {
    expect(await resolveIdentity(async (r) => ({ id: new URL(r.url).host }), request)).toEqual({ id: 'localhost' });
    expect(await resolveIdentity(() => 'alice', request)).toBe('alice');
  });

  it('maps undefined to anonymous', async () => {
    expect(await resolveIdentity(() => undefined, request)).toBeNull();
  });
});
