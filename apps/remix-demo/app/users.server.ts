/**
 * The demo accounts (user name = password), the same as the Next demo's. A real site checks a
 * user store; the comparison is constant-time all the same.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Identity } from '@graft/core';

interface DemoUser {
  id: string;
  name: string;
  email: string;
  password: string;
}

const DEMO_USERS: readonly DemoUser[] = [
  { id: 'alice', name: 'Alice', email: 'alice@example.com', password: 'alice' },
  { id: 'bob', name: 'Bob', email: 'bob@example.com', password: 'bob' },
];

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The user's identity if the password is right, else `null`. */
export function verifyLogin(username: string, password: string): Identity | null {
  const user = DEMO_USERS.find((u) => u.id === username && sameText(u.password, password));
  return user ? { id: user.id, name: user.name, email: user.email } : null;
}
