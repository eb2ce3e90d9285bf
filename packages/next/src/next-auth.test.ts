import type { Session } from 'next-auth';
import { describe, expect, it } from 'vitest';
import { identityFromSession } from './next-auth.js';

const expires = new Date(Date.now() + 60_000).toISOString();

describe('identityFromSession', () => {
  it('uses the e-mail as the id and copies name, email and image', () => {
    const session: Session = { expires, user: { name: 'Alice', email: 'alice@example.com', image: null } };
    expect(identityFromSession(session)).toEqual({
      id: 'alice@example.com',
      name: 'Alice',
      email: 'alice@example.com',
      image: null,
    });
  });

  it('falls back to the name, then to a subject id', () => {
    expect(identityFromSession({ expires, user: { name: 'bob' } })?.id).toBe('bob');
    expect(identityFromSession({ expires, user: { sub: 'u-42' } } as unknown as Session)?.id).toBe('u-42');
    expect(identityFromSession({ expires, user: { id: 'u-43', email: '' } } as unknown as Session)?.id).toBe('u-43');
    expect(identityFromSession({ expires, sub: 'u-44', user: {} } as unknown as Session)?.id).toBe('u-44');
  });

  it('is anonymous without a session, a user, or anything to use as an id', () => {
    expect(identityFromSession(null)).toBeNull();
    expect(identityFromSession({ expires } as Session)).toBeNull();
    expect(identityFromSession({ expires, user: { image: 'x.png' } })).toBeNull();
  });
});
