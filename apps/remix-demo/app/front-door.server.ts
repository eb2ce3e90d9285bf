/**
 * Signing in through a front server. A Node server that mounts this site below a prefix
 * (`apps/node-host` mounts it at /remix, next to a Next site that signs users in with NextAuth)
 * passes its decision in Remix's load context as `{ frontDoor: FrontDoor }`. When it is there,
 * the front server's user IS the signed-in user, and signing in and out happen on its pages; the
 * site's own cookie session is not used. Without it (remix-serve, `npm run demo:remix`) nothing
 * changes.
 *
 * Only the server that calls Remix's request handler can set the load context: no request a
 * client sends can make one up.
 */
import type { Identity } from '@graft/core';

/** What the front server tells the site about each request. */
export interface FrontDoor {
  /** The user the front server signed in, or `null` for an anonymous visitor. */
  user: Identity | null;
  /**
   * Its sign-in page, coming back to `returnTo` (a path of the whole site, basename included)
   * afterwards. An absolute URL: Remix puts its basename in front of a path a loader redirects to.
   */
  signInUrl: (returnTo: string) => string;
  /** Its sign-out page, as an absolute URL (for the same reason). */
  signOutUrl: string;
}

/** The front server's context of this request, or `undefined` when the site runs on its own. */
export function frontDoorOf(context: unknown): FrontDoor | undefined {
  const value = (context as { frontDoor?: unknown } | null | undefined)?.frontDoor;
  if (value === undefined) return undefined;
  const door = value as Partial<FrontDoor> | null;
  // A malformed context is a wiring mistake in the front server: fail loudly (500), never guess.
  if (
    door === null ||
    typeof door !== 'object' ||
    typeof door.signInUrl !== 'function' ||
    typeof door.signOutUrl !== 'string' ||
    (door.user !== null && (typeof door.user !== 'object' || typeof door.user?.id !== 'string'))
  ) {
    throw new TypeError('the load context has a malformed frontDoor: expected { user, signInUrl(returnTo), signOutUrl }');
  }
  return door as FrontDoor;
}
