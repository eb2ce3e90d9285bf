/**
 * NextAuth 4 configuration: a credentials sign-in against the demo users (`demo-users.ts`), JWT
 * sessions (no database).
 */
import { randomBytes } from 'node:crypto';
import { safeRedirectPath } from '@graft/core';
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { checkDemoPassword } from '@/demo-users';

// The accounts live in one module: git's HTTP Basic sign-in checks the same ones.
export { DEMO_USERS } from '@/demo-users';

/**
 * The key that encrypts the session cookie: NEXTAUTH_SECRET, else one made up for this process
 * (`scripts/start.mjs` makes one and says so; this covers `next dev`). No secret is ever written
 * in the repository: a cookie made with one would be a forgery anyone could make. Kept in
 * `process.env`, where NextAuth's own helpers look too, so that every bundle of this module in the
 * process agrees.
 */
function nextAuthSecret(): string {
  const env = process.env as Record<string, string | undefined>;
  if (!env.NEXTAUTH_SECRET) {
    env.NEXTAUTH_SECRET = randomBytes(32).toString('base64url');
    console.warn('NEXTAUTH_SECRET is not set: using a random secret of this process; sign-ins end when it stops.');
  }
  return env.NEXTAUTH_SECRET;
}

/**
 * Where NextAuth may send the browser after signing in or out (its `redirect` callback): a path of
 * this site, checked by `@graft/core`'s `safeRedirectPath`, as an absolute URL of `baseUrl`.
 * NextAuth's default also takes any absolute URL of the same origin; this one takes such a URL only
 * if it is written plainly (no whitespace, control characters or backslashes) and its path passes
 * the same check. Anything else goes to the home page.
 */
export function sameSiteRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  const origin = new URL(baseUrl).origin;
  let path: string = url;
  if (url.startsWith(`${origin}/`)) path = url.slice(origin.length);
  else if (url === origin) path = '/';
  return `${origin}${safeRedirectPath(path, '/')}`;
}

export const authOptions: AuthOptions = {
  secret: nextAuthSecret(),
  session: { strategy: 'jwt' },
  callbacks: { redirect: sameSiteRedirect },
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
