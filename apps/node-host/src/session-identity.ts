/**
 * Who is signed in, read by the front door from the NextAuth session cookie that the Next demo
 * sets — once per request, before any app runs, so the Next site, the Remix site and the notes
 * app all see the same user after one sign-in.
 */
import type { IncomingMessage } from 'node:http';
import { type Identity, InvalidOptionError } from '@graft/core';
import { identityFromSession } from '@graft/next/next-auth';
import { parse } from 'cookie';
import { getToken } from 'next-auth/jwt';

/** Options of {@link nextAuthSessionIdentity}. */
export interface NextAuthSessionOptions {
  /** The `secret` of the NextAuth configuration that issued the cookie (NEXTAUTH_SECRET). */
  secret: string;
  /**
   * Whether the site is served over https, where NextAuth names its cookie
   * `__Secure-next-auth.session-token` instead of `next-auth.session-token`.
   */
  secureCookie: boolean;
}

/**
 * An `identity` function for `createMountServer`: decrypts NextAuth 4's JWT session cookie
 * (split into `.0`, `.1`, … chunks when large) with `getToken`, and maps it the way
 * `@graft/next`'s `identityFromSession` maps a session — id = e-mail, else name, else subject —
 * so a user has the same id whether a Next route or the front door resolved them. A missing,
 * expired, tampered or foreign cookie is anonymous (`null`), never an error.
 */
export function nextAuthSessionIdentity(options: NextAuthSessionOptions): (req: IncomingMessage) => Promise<Identity | null> {
  if (typeof options.secret !== 'string' || options.secret === '') {
    throw new InvalidOptionError('nextAuthSessionIdentity: secret must be the NextAuth secret (a non-empty string)');
  }
  const { secret, secureCookie } = options;
  return async (req) => {
    const cookieHeader = req.headers.cookie;
    // No cookie, no session (and no decryption work for the anonymous and for static files).
    if (!cookieHeader) return null;
    const token = await getToken({
      // getToken reads parsed cookies, as Next's own request objects have them. No headers: only
      // the session cookie counts; an Authorization header (a Bearer token, git's HTTP Basic)
      // belongs to the apps.
      req: { headers: {}, cookies: parse(cookieHeader) } as unknown as Parameters<typeof getToken>[0]['req'],
      secret,
      secureCookie,
    });
    if (!token) return null;
    // The session NextAuth's default callbacks would build from this token, plus its subject.
    const user = { name: token.name, email: token.email, image: token.picture, sub: token.sub };
    const expires = typeof token.exp === 'number' ? new Date(token.exp * 1000).toISOString() : '';
    return identityFromSession({ user, expires });
  };
}
