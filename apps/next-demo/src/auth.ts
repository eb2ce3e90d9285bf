/**
 * NextAuth 4 configuration: a credentials sign-in against the demo users below, JWT sessions
 * (no database).
 */
import { timingSafeEqual } from 'node:crypto';
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';

/** The demo accounts: user name = password. */
export const DEMO_USERS = [
  { id: 'alice', name: 'Alice', email: 'alice@example.com', password: 'alice' },
  { id: 'bob', name: 'Bob', email: 'bob@example.com', password: 'bob' },
] as const;

// For the demo only: set NEXTAUTH_SECRET in any real deployment.
const DEV_SECRET = 'graft-next-demo-development-secret-change-me';

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const authOptions: AuthOptions = {
  secret: process.env.NEXTAUTH_SECRET || DEV_SECRET,
  session: { strategy: 'jwt' },
  providers: [
    CredentialsProvider({
      name: 'a demo account (alice/alice or bob/bob)',
      credentials: {
        username: { label: 'Username', type: 'text', placeholder: 'alice' },
        password: { label: 'Password', type: 'password' },
      },
      authorize(credentials) {
        const user = DEMO_USERS.find(
          (u) => u.id === credentials?.username && sameText(u.password, credentials?.password ?? ''),
        );
        return user ? { id: user.id, name: user.name, email: user.email } : null;
      },
    }),
  ],
};
