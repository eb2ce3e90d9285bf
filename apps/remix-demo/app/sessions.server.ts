/**
 * The site's sign-in session: a signed cookie holding the user (`{ id, name, email }` under
 * `user`), which the pages and mounts read with `currentUser`. Behind a front server that signs
 * users in itself, its user counts instead (see `front-door.server.ts`).
 */
import { randomBytes } from 'node:crypto';
import { type Identity, safeRedirectPath } from '@graft/core';
import { createCookieSessionStorage } from '@remix-run/node';
import { frontDoorOf } from './front-door.server';

/**
 * The key that signs the session cookie: SESSION_SECRET, else one made up for this process (the
 * start script makes one and says so; this covers `remix vite:dev` and servers that embed the
 * build). No secret is ever written in the repository: a cookie signed with one would be a
 * forgery anyone could make. Kept in `process.env` so that every copy of this module in the
 * process (dev reloads) signs with the same key.
 */
function sessionSecret(): string {
  const env = process.env as Record<string, string | undefined>;
  if (!env.SESSION_SECRET) {
    env.SESSION_SECRET = randomBytes(32).toString('base64url');
    console.warn('SESSION_SECRET is not set: signing sessions with a random secret of this process; sign-ins end when it stops.');
  }
  return env.SESSION_SECRET;
}

export const sessionStorage = createCookieSessionStorage<{ user: Identity }>({
  cookie: {
    name: '__graft_remix_session',
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secrets: [sessionSecret()],
    secure: process.env.SESSION_COOKIE_SECURE === 'true',
    maxAge: 60 * 60 * 8,
  },
});

/**
 * The signed-in user of a request, or `null`. `context` is the loader's load context: when a
 * front server passes its user there, that user is the answer (the cookie session is not read).
 */
export async function currentUser(request: Request, context?: unknown): Promise<Identity | null> {
  const frontDoor = frontDoorOf(context);
  if (frontDoor) return frontDoor.user;
  const session = await sessionStorage.getSession(request.headers.get('Cookie'));
  return session.get('user') ?? null;
}

/**
 * Where to go after signing in: a path of this site only (an open redirect would let a link to
 * our sign-in page send the user anywhere), checked by `@graft/core`'s `safeRedirectPath`.
 */
export function safeRedirectTarget(value: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  return safeRedirectPath(value, fallback);
}
