/**
 * The demo's accounts, shared by every way of signing in: NextAuth's credentials form (browser
 * sessions) and HTTP Basic (git and other clients without the session cookie).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Identity } from '@graft/core';
import type { Session } from 'next-auth';

/** The demo accounts: user name = password. */
export const DEMO_USERS = [
  { id: 'alice', name: 'Alice', email: 'alice@example.com', password: 'alice' },
  { id: 'bob', name: 'Bob', email: 'bob@example.com', password: 'bob' },
] as const;

export type DemoUser = (typeof DEMO_USERS)[number];

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The account with this user name and password, or `null`. */
export function checkDemoPassword(username: string, password: string): DemoUser | null {
  return DEMO_USERS.find((u) => u.id === username && sameText(u.password, password)) ?? null;
}

/**
 * How an account appears to mounted programs in other languages: the account name (`alice`) as
 * the id, so REMOTE_USER and X-Remote-User read like a Unix login whether the user came through
 * the browser session or through HTTP Basic.
 */
export function accountIdentity(user: DemoUser): Identity {
  return { id: user.id, name: user.name, email: user.email };
}

/** The account behind a NextAuth session (sessions carry the e-mail), or `null`. */
export function accountIdentityFromSession(session: Session | null): Identity | null {
  const email = session?.user?.email;
  const user = email ? DEMO_USERS.find((u) => u.email === email) : undefined;
  return user ? accountIdentity(user) : null;
}
