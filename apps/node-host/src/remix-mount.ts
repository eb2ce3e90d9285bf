/**
 * The Remix demo as a fetch mount of the front door, at `/remix`: built with that basename (see
 * `scripts/build-remix.mjs`), served through `@remix-run/node`'s request handler, and told who is
 * signed in through its load context.
 */
import { type FetchMount, getMountIdentity, type Identity } from '@graft/core';
import { SIGN_OUT_PAGE, signInPath } from './next-auth-pages.js';

/** Where the Remix demo is mounted, and the basename it is built with: the two must agree. */
export const REMIX_BASENAME = '/remix';

/**
 * The load context the Remix demo reads (`apps/remix-demo/app/front-door.server.ts`): with it, the
 * front door's user is the site's signed-in user, and its sign-in/out links lead to NextAuth.
 */
export interface FrontDoorLoadContext {
  [key: string]: unknown;
  frontDoor: {
    user: Identity | null;
    /** Absolute URLs: Remix puts its basename in front of a path that a loader redirects to. */
    signInUrl: (returnTo: string) => string;
    signOutUrl: string;
  };
}

/** What `createRequestHandler(build)` of `@remix-run/node` returns. */
export type RemixRequestHandler = (request: Request, loadContext: FrontDoorLoadContext) => Promise<Response>;

/**
 * The `/remix` mount: each request goes to `handle` with the identity the front door resolved
 * (`getMountIdentity`, which no request header can forge) in the load context. `origin` is the
 * site's public origin (`http://localhost:3002`).
 */
export function remixMount(handle: RemixRequestHandler, origin: string): FetchMount {
  const signInUrl = (returnTo: string): string => new URL(signInPath(returnTo), origin).href;
  const signOutUrl = new URL(SIGN_OUT_PAGE, origin).href;
  return {
    fetch: (request: Request) => handle(request, { frontDoor: { user: getMountIdentity(request), signInUrl, signOutUrl } }),
  };
}
