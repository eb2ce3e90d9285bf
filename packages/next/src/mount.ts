/**
 * `mount`: serve a Node app from an App Router catch-all route.
 *
 * ```ts
 * // app/tools/notes/[[...path]]/route.ts
 * export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = mount(app, { prefix: '/tools/notes' });
 * ```
 */
import {
  callNodeApp,
  clientGoneResponse,
  createCrossOriginCheck,
  crossOriginForbiddenResponse,
  isClientGone,
  splitUrl,
  type CallNodeAppOptions,
  type CrossOriginProtectionOptions,
  type NodeApp,
} from '@graft/core';
import { configuredBasePath, withBasePath } from './base-path.js';
import { clientAddress, type TrustProxy } from './client-address.js';
import { resolveIdentity, type IdentityResolver } from './identity.js';
import { normalizeBasePath, resolveMountPoint } from './mount-point.js';
import { readCatchAllSegments, type RouteHandlerContext } from './route-params.js';
import { isCorsPreflight, signInRedirect } from './sign-in.js';

/**
 * Options of {@link mount} and {@link createGraftHandler}. `identityHeader`, `timeout`, `highWaterMark` and `onError` are core's
 * `callNodeApp` options, passed through unchanged.
 */
export interface MountOptions extends Pick<CallNodeAppOptions, 'identityHeader' | 'timeout' | 'highWaterMark' | 'onError'> {
  /**
   * The route's folder path, e.g. `/tools/notes` for `app/tools/notes/[...path]/route.ts`,
   * without `basePath`. Optional in a catch-all route (the prefix is derived from the path and
   * the catch-all params); when given there, both must agree or the request fails with a
   * `MountMismatchError`. Required when the handler gets no route params.
   */
  prefix?: string;
  /**
   * Next's `basePath`. Default: the one Next compiled into the bundle, which is only known when
   * `@graft/next` is bundled (not listed in `serverExternalPackages`).
   */
  basePath?: string;
  /** The catch-all param name: `path` for `[...path]` / `[[...path]]`. Default `'path'`. */
  param?: string;
  /**
   * Who is signed in, from the request: an `Identity`, a bare id or `null`; sync or async. See
   * `nextAuthIdentity` in `@graft/next/next-auth` for NextAuth 4. Default: everyone anonymous.
   */
  identity?: IdentityResolver;
  /**
   * Keep anonymous visitors out: they get `onAnonymous`'s response, by default a redirect to the
   * sign-in page. CORS preflights still reach the app (browsers send them without cookies).
   */
  requireIdentity?: boolean;
  /**
   * The response for an anonymous visitor of a protected mount; setting it implies
   * `requireIdentity`. Default: a redirect to `signInPath?callbackUrl=<this URL>`.
   */
  onAnonymous?: (request: Request) => Response | Promise<Response>;
  /** The host's sign-in page for the default redirect. Default `/api/auth/signin` (NextAuth). */
  signInPath?: string;
  /** Per-request values for the app (`req.graft.locals`, `res.locals`); an object or a function. */
  locals?: Record<string, unknown> | ((request: Request) => Record<string, unknown> | Promise<Record<string, unknown>>);
  /**
   * The client's address for the app (`req.ip`): a string or a function of the request. Default:
   * taken from `X-Forwarded-For` only as `trustProxy` allows, else none.
   */
  remoteAddress?: string | ((request: Request) => string | undefined);
  /** Whether to believe `X-Forwarded-For` for `remoteAddress`; see {@link TrustProxy}. Default `false`. */
  trustProxy?: TrustProxy;
  /**
   * Refuse state-changing requests (anything but GET, HEAD, OPTIONS) that a browser sent from
   * another origin — including another port or subdomain of the same site, which `SameSite=Lax`
   * cookies do not stop — with a `403`, before the app runs. Judged by `Sec-Fetch-Site`, else
   * `Origin` against the `Host` header; requests with neither (curl, git, servers) pass. `true`,
   * or options naming `trustedOrigins`. See core's `createCrossOriginCheck`. Default off.
   */
  crossOriginProtection?: boolean | CrossOriginProtectionOptions;
}

/**
 * An App Router route handler. The second argument is Next's route context; it is optional so the
 * handler can also be called by hand (then `prefix` is required).
 */
export type GraftRouteHandler = (request: Request, context?: RouteHandlerContext) => Promise<Response>;

/** The method exports of a catch-all route. All seven are needed: without `OPTIONS`, Next answers preflights itself. */
export interface MountedRoute {
  GET: GraftRouteHandler;
  HEAD: GraftRouteHandler;
  POST: GraftRouteHandler;
  PUT: GraftRouteHandler;
  PATCH: GraftRouteHandler;
  DELETE: GraftRouteHandler;
  OPTIONS: GraftRouteHandler;
}

/** The check `crossOriginProtection` asks for, built (and validated) once. */
function crossOriginCheckOf(option: MountOptions['crossOriginProtection']) {
  if (option === undefined || option === false) return undefined;
  return createCrossOriginCheck(option === true ? {} : option);
}

/**
 * Builds one route handler that runs `app` for every request it gets, whatever the method. Use it
 * where a single function is wanted, e.g. as the final handler of a next-connect `createEdgeRouter`.
 *
 * Errors of wiring (a `prefix` that does not fit the route, a bad identity) reject, so Next
 * answers 500 and logs them; a client that left before the app answered yields an empty 204.
 */
export function createGraftHandler(app: NodeApp, options: MountOptions = {}): GraftRouteHandler {
  const param = options.param ?? 'path';
  const explicitBasePath = options.basePath === undefined ? undefined : normalizeBasePath(options.basePath);
  const requireIdentity = options.requireIdentity === true || options.onAnonymous !== undefined;
  const isCrossOrigin = crossOriginCheckOf(options.crossOriginProtection);

  return async function graftRouteHandler(request, context) {
    if (isCrossOrigin?.(request)) return crossOriginForbiddenResponse();
    const basePath = explicitBasePath ?? normalizeBasePath(configuredBasePath());
    const segments = await readCatchAllSegments(context, param);
    const { mountPath } = resolveMountPoint({
      path: splitUrl(request.url).path,
      segments,
      prefix: options.prefix,
      basePath,
    });

    const identity = await resolveIdentity(options.identity, request);
    if (identity == null && requireIdentity && !isCorsPreflight(request)) {
      return options.onAnonymous
        ? options.onAnonymous(request)
        : signInRedirect(request, { basePath, signInPath: options.signInPath });
    }

    const locals = typeof options.locals === 'function' ? await options.locals(request) : options.locals;
    const remoteAddress =
      typeof options.remoteAddress === 'function'
        ? options.remoteAddress(request)
        : (options.remoteAddress ?? clientAddress(request, options.trustProxy));

    try {
      return await callNodeApp(app, withBasePath(request, basePath), {
        mountPath,
        identity,
        identityHeader: options.identityHeader,
        locals,
        remoteAddress,
        timeout: options.timeout,
        highWaterMark: options.highWaterMark,
        onError: options.onError,
      });
    } catch (error) {
      if (isClientGone(request, error)) return clientGoneResponse();
      throw error;
    }
  };
}

/**
 * Mounts a Node app (Express, Koa, Connect, Fastify, `(req, res)`, `http.Server`) in a catch-all
 * route. Export the result's methods from `app/<prefix>/[...path]/route.ts` — or
 * `[[...path]]`, which also serves the bare prefix — together with
 * `export const dynamic = 'force-dynamic'` and `export const runtime = 'nodejs'`.
 *
 * @example
 * ```ts
 * // app/tools/notes/[[...path]]/route.ts
 * import { mount } from '@graft/next';
 * import { nextAuthIdentity } from '@graft/next/next-auth';
 * import { authOptions } from '@/auth';
 * import { notesApp } from '@/notes-app';
 *
 * export const dynamic = 'force-dynamic';
 * export const runtime = 'nodejs';
 * export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = mount(notesApp, {
 *   prefix: '/tools/notes',
 *   identity: nextAuthIdentity(authOptions),
 *   requireIdentity: true,
 * });
 * ```
 */
export function mount(app: NodeApp, options: MountOptions = {}): MountedRoute {
  const handler = createGraftHandler(app, options);
  return {
    GET: handler,
    HEAD: handler,
    POST: handler,
    PUT: handler,
    PATCH: handler,
    DELETE: handler,
    OPTIONS: handler,
  };
}
