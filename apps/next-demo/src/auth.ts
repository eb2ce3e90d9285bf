/**
 * NextAuth 4 configuration: a credentials sign-in against the demo users (`demo-users.ts`), JWT
 * sessions (no database).
 */
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { checkDemoPassword } from '@/demo-users';

// The accounts live in one module: git's HTTP Basic sign-in checks the same ones.
export { DEMO_USERS } from '@/demo-users';

// For the demo only: set NEXTAUTH_SECRET in any real deployment.
const DEV_SECRET = 'graft-next-demo-development-secret-change-me';

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
        const user = checkDemoPassword(credentials?.username ?? '', credentials?.password ?? '');
        return user ? { id: user.id, name: user.name, email: user.email } : null;
      },
    }),
  ],
};
