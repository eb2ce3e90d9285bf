/**
 * The options every host adapter's `mount()` shares, with the same names and meaning in each: who
 * is signed in, who must be, what the app gets besides the request, and the host's protections.
 * Adapters add what only their host has (Next's `basePath`, Remix's `basename`, the route param).
 */
import type { CallNodeAppOptions } from '../bridge/call-node-app.js';
import type { CrossOriginProtectionOptions } from '../shared/cross-site.js';
import type { TrustProxy } from './client-address.js';
import type { IdentityResolver } from './identity-resolver.js';

/**
 * Options of {@link createMountHandler}, and the shared part of each adapter's `mount()` options.
 * `Args` is what the host hands a route besides the request (Next's route context, a Remix
 * loader's arguments); every function option gets `(request, args)`. `identityHeader`,
 * `timeout`, `highWaterMark` and `onError` are `callNodeApp`'s, passed through unchanged.
 */
export interface MountHandlerOptions<Args = unknown>
  extends Pick<CallNodeAppOptions, 'identityHeader' | 'timeout' | 'highWaterMark' | 'onError'> {
  /**
   * The route's own path, without the site's base path: `/tools/notes`. Optional where the
   * route's params tell the mount point (a catch-all or splat route); when given there, both must
   * agree or the request fails with a `MountMismatchError`. Required in a route without such a
   * param. May be written decoded (`/my tools`), as route folders are named.
   */
  prefix?: string;
  /**
   * Who is signed in, from the request: an `Identity`, a bare id or `null`; sync or async.
   * Default: everyone anonymous.
   */
  identity?: IdentityResolver<Args>;
  /**
   * Keep anonymous visitors out: they get `onAnonymous`'s response, by default the host's
   * redirect to its sign-in page. CORS preflights still reach the app (browsers send them
   * without cookies).
   */
  requireIdentity?: boolean;
  /** The response for an anonymous visitor of a protected mount; setting it implies `requireIdentity`. */
  onAnonymous?: (request: Request, args: Args) => Response | Promise<Response>;
  /**
   * The host's sign-in page for the default redirect: a path under the site's base path, or an
   * absolute URL. Default: the adapter's (`/api/auth/signin` for NextAuth in `@graft/next`,
   * `/login` in `@graft/remix`).
   */
  signInPath?: string;
  /**
   * The query parameter of the default sign-in redirect that carries the way back. Default: the
   * adapter's (`callbackUrl` in `@graft/next`, `redirectTo` in `@graft/remix`).
   */
  returnParam?: string;
  /**
   * Per-request values for the app (`req.graft.locals`, Express's `res.locals`): an object, or a
   * function of the request, sync or async.
   */
  locals?: Record<string, unknown> | ((request: Request, args: Args) => Record<string, unknown> | Promise<Record<string, unknown>>);
  /**
   * The client's address for the app (`req.ip`): a string or a function of the request. Default:
   * taken from `X-Forwarded-For` only as `trustProxy` allows, else none.
   */
  remoteAddress?: string | ((request: Request, args: Args) => string | undefined);
  /** Whether to believe `X-Forwarded-For` for `remoteAddress`; see {@link TrustProxy}. Default `false`. */
  trustProxy?: TrustProxy;
  /**
   * Refuse state-changing requests (anything but GET, HEAD, OPTIONS) that a browser sent from
   * another origin — including another port or subdomain of the same site, which `SameSite=Lax`
   * cookies do not stop — with a `403`, before the app runs (and before the sign-in check).
   * Judged by `Sec-Fetch-Site`, else `Origin` against the `Host` header; requests with neither
   * (curl, git, servers) pass. `true`, or options naming `trustedOrigins`. Default off.
   */
  crossOriginProtection?: boolean | CrossOriginProtectionOptions;
}
