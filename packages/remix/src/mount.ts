/**
 * `mount`: serve a Node app from a Remix v2 or React Router 7 splat resource route. The pipeline
 * is core's (`createMountHandler`); this file is the Remix strategy for it: the mount point from
 * the raw path and the splat, the basename, and redirects the framework will not misplace.
 *
 * ```ts
 * // app/routes/tools.$.tsx
 * const tools = mount(app, { identity: sessionIdentity(sessionStorage) });
 * export const loader = tools.loader;
 * export const action = tools.action;
 * ```
 */
import type { NodeApp } from '@graft/core';
import { createMountHandler, type MountHandlerOptions, type MountHost, normalizeRoutePrefix, splitUrl } from '@graft/core/adapter';
import { endQuietlyWhenClientLeaves } from './client-left.js';
import { resolveMountPoint } from './mount-point.js';
import { adjustRedirectForFramework } from './redirect-location.js';
import type { RouteArgs } from './route-args.js';
import { signInRedirect } from './sign-in.js';

/**
 * Options of {@link mount} and {@link createRouteHandler}: core's mount options (`prefix`,
 * `identity`, `requireIdentity`, `onAnonymous`, `signInPath`, `returnParam`, `locals`,
 * `remoteAddress`, `trustProxy`, `crossOriginProtection`, `identityHeader`, `timeout`,
 * `highWaterMark`, `onError`; function options get `(request, args)`, the loader's arguments),
 * plus Remix's own.
 *
 * - `prefix` is the route's own path without the basename, e.g. `/tools` for
 *   `app/routes/tools.$.tsx`; optional in a splat route, matched case-insensitively as the router
 *   does.
 * - `signInPath` (default `/login`) is under the basename, or an absolute URL; `returnParam`
 *   defaults to `redirectTo`, and carries the path below the basename. The redirect is a `303`.
 */
export interface MountOptions extends MountHandlerOptions<RouteArgs> {
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
}

/** A `loader` / `action`: takes the route arguments, answers with the app's `Response`. */
export type GraftRouteHandler = (args: RouteArgs) => Promise<Response>;

/** The route exports: `loader` gets GET, HEAD and OPTIONS, `action` POST, PUT, PATCH and DELETE. */
export interface MountedRoute {
  loader: GraftRouteHandler;
  action: GraftRouteHandler;
}

/** Remix's part of the pipeline: where the app is mounted, the sign-in redirect, redirects out. */
function remixHost(options: MountOptions): MountHost<RouteArgs> {
  const param = options.param ?? '*';
  // Checked once, up front: a wrong option is a wiring mistake, not a per-request failure.
  const basename = options.basename === undefined ? undefined : normalizeRoutePrefix(options.basename, 'basename');
  return {
    locate(request, args, prefix) {
      // React Router 7 passes the route's pattern, which tells the basename apart; Remix v2 does not.
      const path = splitUrl(request.url).path;
      const point = resolveMountPoint({ path, splat: args.params[param], prefix, basename, pattern: args.pattern });
      return { mountPath: point.mountPath, base: point.basename };
    },
    signIn(request, { base }) {
      const redirect = signInRedirect(request, { basename: base, signInPath: options.signInPath, returnParam: options.returnParam });
      return adjustRedirectForFramework(redirect, request.url, base);
    },
    respond: (response, request, { base }) => adjustRedirectForFramework(endQuietlyWhenClientLeaves(response, request), request.url, base),
  };
}

/**
 * Builds one function that runs `app` for every request it is given, whatever the method; it
 * serves as both `loader` and `action`. Wiring errors (a `prefix` or `basename` that does not fit
 * the path, a bad identity) are thrown, so the framework answers 500 and logs them; a client that
 * left before the app answered gets an empty 204, and one that leaves mid-body ends the body
 * quietly.
 *
 * @throws {InvalidOptionError} for a bad `prefix`, `basename` or trusted origin, or an `identity`
 * that is not a function.
 */
export function createRouteHandler(app: NodeApp, options: MountOptions = {}): GraftRouteHandler {
  const handle = createMountHandler(app, options, remixHost(options));
  return (args) => handle(args.request, args);
}

/**
 * Mounts a Node app (Express, Koa, Connect, Fastify, `(req, res)`, `http.Server`) in a splat
 * resource route of Remix v2 or React Router 7 (framework mode). Export both functions from the
 * route module, as two plain exports (the Vite plugins remove them from the browser bundle by
 * name), and no default component, so the route is a resource route:
 *
 * @example
 * ```ts
 * // app/routes/tools.$.tsx: the app answers everything under /tools
 * import { mount, sessionIdentity } from '@graft/remix';
 * import { legacyApp } from '~/legacy.server';
 * import { sessionStorage } from '~/sessions.server';
 *
 * const tools = mount(legacyApp, {
 *   identity: sessionIdentity(sessionStorage, { key: 'user' }),
 *   requireIdentity: true,
 * });
 * export const loader = tools.loader;
 * export const action = tools.action;
 * ```
 * @throws {InvalidOptionError} as {@link createRouteHandler}.
 */
export function mount(app: NodeApp, options: MountOptions = {}): MountedRoute {
  const handler = createRouteHandler(app, options);
  return { loader: handler, action: handler };
}
