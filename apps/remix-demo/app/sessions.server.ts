/**
 * The site's sign-in session: a signed cookie holding the user (`{ id, name, email }` under
 * `user`), which the pages and mounts read with `currentUser`. Behind a front server that signs
 * users in itself, its user counts instead (see `front-door.server.ts`).
 */
import { createCookieSessionStorage } from '@remix-run/node';
import type { Identity } from '@graft/remix';
import { frontDoorOf } from './front-door.server';

// For the demo only: set SESSION_SECRET in any real deployment.
const DEV_SECRET = 'graft-remix-demo-development-secret-change-me';

export const sessionStorage = createCookieSessionStorage<{ user: Identity }>({
  cookie: {
    name: '__graft_remix_session',
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secrets: [process.env.SESSION_SECRET || DEV_SECRET],
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
 * Where to go after signing in: a path on this site only (an open redirect would let a link
 * to our sign-in page send the user anywhere).
 */
export function safeRedirectTarget(value: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return fallback;
  return value;
}
