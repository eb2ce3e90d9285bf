/**
 * `mount`: serve a Node app from a Remix v2 or React Router 7 splat resource route.
 *
 * ```ts
 * // app/routes/tools.$.tsx
 * export const { loader, action } = mount(app, { identity: sessionIdentity(sessionStorage) });
 * ```
 */
import {
  InvalidOptionError,
  callNodeApp,
  createCrossOriginCheck,
  crossOriginForbiddenResponse,
  splitUrl,
  type CallNodeAppOptions,
  type CrossOriginProtectionOptions,
  type NodeApp,
} from '@graft/core';
import { clientGoneResponse, isClientGone } from '@graft/core';
import { endQuietlyWhenClientLeaves } from './client-left.js';
import { resolveIdentity, type IdentityResolver } from './identity.js';
import { normalizeMountPrefix, resolveMountPoint } from './mount-point.js';
import { adjustRedirectForFramework } from './redirect-location.js';
import type { RouteArgs } from './route-args.js';
import { isCorsPreflight, signInRedirect } from './sign-in.js';

/**
 * Options of {@link mount} and {@link createRouteHandler}. `identityHeader`, `timeout`, `highWaterMark` and `onError` are core's
 * `callNodeApp` options, passed through unchanged.
 */
export interface MountOptions extends Pick<CallNodeAppOptions, 'identityHeader' | 'timeout' | 'highWaterMark' | 'onError'> {
  /**
   * The route's own path without the basename, e.g. `/tools` for `app/routes/tools.$.tsx`.
   * Optional in a splat route (the mount point is found from the raw path and `params['*']`);
   * when given there, both must agree or the request fails with a `MountMismatchError`. Required
   * in a route without a splat param.
   */
  prefix?: string;
  /**
   * The site's `basename` (the Vite plugin's `basename` in Remix v2, `basename` in
   * `react-router.config.ts`). It is part of the raw path, so the app's `req.baseUrl` includes it;
   * here it checks the mount point, prefixes `prefix` and `signInPath`, and is taken off the
   * app's redirects, to which the framework adds it again. React Router 7 tells the route its
   * pattern, from which the basename is found when this is not set; on a Remix v2 site with a
   * basename, set it, or the app's redirects get the basename twice. Default none.
   */
  basename?: string;
  /** The splat param name. Default `'*'` (the `$` of `tools.$.tsx`). */
  param?: string;
  /**
   * Who is signed in, from the request: an `Identity`, a bare id or `null`; sync or async. See
   * {@link sessionIdentity} for a user kept in a cookie session. Default: everyone anonymous.
   */
  identity?: IdentityResolver;
  /**
   * Keep anonymous visitors out: they get `onAnonymous`'s response, by default a `303` to
   * `signInPath?redirectTo=<this path>`. CORS preflights still reach the app (browsers send them
   * without cookies).
   */
  requireIdentity?: boolean;
  /** The response for an anonymous visitor of a protected mount; setting it implies `requireIdentity`. */
  onAnonymous?: (request: Request, args: RouteArgs) => Response | Promise<Response>;
  /** The host's sign-in page for the default redirect, under the basename, or an absolute URL. Default `/login`. */
  signInPath?: string;
  /** The query parameter of the default redirect that carries the page to return to. Default `redirectTo`. */
  redirectParam?: string;
  /** Per-request values for the app (`req.graft.locals`, `res.locals`); an object or a function. */
  locals?: Record<string, unknown> | ((args: RouteArgs) => Record<string, unknown> | Promise<Record<string, unknown>>);
  /**
   * The client's address for the app (`req.ip`). A loader is not told the client's address, so
   * this is a function of the arguments (e.g. of a load context your server fills in) or a fixed
   * string. Default none.
   */
  remoteAddress?: string | ((args: RouteArgs) => string | undefined);
  /**
   * Refuse state-changing requests (anything but GET, HEAD, OPTIONS) that a browser sent from
   * another origin — including another port or subdomain of the same site, which `SameSite=Lax`
   * cookies do not stop — with a `403`, before the app runs. Judged by `Sec-Fetch-Site`, else
   * `Origin` against the `Host` header; requests with neither (curl, git, servers) pass. `true`,
   * or options naming `trustedOrigins`. See core's `createCrossOriginCheck`. Default off.
   */
  crossOriginProtection?: boolean | CrossOriginProtectionOptions;
}

/** A `loader` / `action`: takes the route arguments, answers with the app's `Response`. */
export type GraftRouteFunction = (args: RouteArgs) => Promise<Response>;

/** The route exports: `loader` gets GET, HEAD and OPTIONS, `action` POST, PUT, PATCH and DELETE. */
export interface MountedRoute {
  loader: GraftRouteFunction;
  action: GraftRouteFunction;
}

/**
 * Builds one function that runs `app` for every request it is given, whatever the method; it
 * serves as both `loader` and `action`. Wiring errors (a `prefix` or `basename` that does not fit
 * the path, a bad identity) are thrown, so the framework answers 500 and logs them; a client that
 * left before the app answered gets an empty 204.
 */
export function createRouteHandler(app: NodeApp, options: MountOptions = {}): GraftRouteFunction {
  const param = options.param ?? '*';
  // Checked once, up front: a wrong option is a wiring mistake, not a per-request failure.
  const basename = options.basename === undefined ? undefined : normalizeMountPrefix(options.basename, 'basename');
  if (options.prefix !== undefined) normalizeMountPrefix(options.prefix, 'prefix');
  if (options.identity !== undefined && typeof options.identity !== 'function') {
    throw new InvalidOptionError('identity must be a function of the request (see sessionIdentity)');
  }
  const requireIdentity = options.requireIdentity === true || options.onAnonymous !== undefined;
  const protection = options.crossOriginProtection;
  const isCrossOrigin =
    protection === undefined || protection === false ? undefined : createCrossOriginCheck(protection === true ? {} : protection);

  return async function graftRoute(args) {
    const { request } = args;
    if (isCrossOrigin?.(request)) return crossOriginForbiddenResponse();
    // React Router 7 passes the route's pattern, which tells the basename apart; Remix v2 does not.
    const { mountPath, basename: siteBase } = resolveMountPoint({
      path: splitUrl(request.url).path,
      splat: args.params[param],
      prefix: options.prefix,
      basename,
      pattern: args.pattern,
    });

    const identity = await resolveIdentity(options.identity, args);
    if (identity == null && requireIdentity && !isCorsPreflight(request)) {
      if (options.onAnonymous) return options.onAnonymous(request, args);
      const redirect = signInRedirect(request, {
        basename: siteBase,
        signInPath: options.signInPath,
        redirectParam: options.redirectParam,
      });
      return adjustRedirectForFramework(redirect, request.url, siteBase);
    }

    const locals = typeof options.locals === 'function' ? await options.locals(args) : options.locals;
    const remoteAddress = typeof options.remoteAddress === 'function' ? options.remoteAddress(args) : options.remoteAddress;

    try {
      const response = await callNodeApp(app, request, {
        mountPath,
        identity,
        identityHeader: options.identityHeader,
        locals,
        remoteAddress,
        timeout: options.timeout,
        highWaterMark: options.highWaterMark,
        onError: options.onError,
      });
      return adjustRedirectForFramework(endQuietlyWhenClientLeaves(response, request), request.url, siteBase);
    } catch (error) {
      if (isClientGone(request, error)) return clientGoneResponse();
      throw error;
    }
  };
}

/**
 * Mounts a Node app (Express, Koa, Connect, Fastify, `(req, res)`, `http.Server`) in a splat
 * resource route of Remix v2 or React Router 7 (framework mode). Export both functions from the
 * route module and no default component, so the route is a resource route:
 *
 * @example
 * ```ts
 * // app/routes/tools.$.tsx: the app answers everything under /tools
 * import { mount, sessionIdentity } from '@graft/remix';
 * import { legacyApp } from '~/legacy.server';
 * import { sessionStorage } from '~/sessions.server';
 *
 * export const { loader, action } = mount(legacyApp, {
 *   identity: sessionIdentity(sessionStorage, { key: 'user' }),
 *   requireIdentity: true,
 * });
 * ```
 */
export function mount(app: NodeApp, options: MountOptions = {}): MountedRoute {
  const handler = createRouteHandler(app, options);
  return { loader: handler, action: handler };
}
