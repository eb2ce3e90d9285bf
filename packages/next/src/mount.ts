/**
 * `mount`: serve a Node app from an App Router catch-all route. The pipeline is core's
 * (`createMountHandler`); this file is the Next strategy for it: the mount point from the
 * catch-all params and `basePath`, the identity coding asked of the app, and NextAuth's sign-in redirect.
 *
 * ```ts
 * // app/tools/notes/[[...path]]/route.ts
 * export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = mount(app, { prefix: '/tools/notes' });
 * ```
 */
import type { NodeApp } from '@graft/core';
import { createMountHandler, type MountHandlerOptions, type MountHost, splitUrl } from '@graft/core/adapter';
import { configuredBasePath, publicUrl } from './base-path.js';
import { IDENTITY_ENCODING } from './content-coding.js';
import { normalizeBasePath, resolveMountPoint } from './mount-point.js';
import { type RouteHandlerContext, readCatchAllSegments } from './route-params.js';
import { signInRedirect } from './sign-in.js';

/**
 * Options of {@link mount} and {@link createRouteHandler}: core's mount options (`prefix`,
 * `identity`, `requireIdentity`, `onAnonymous`, `signInPath`, `returnParam`, `locals`,
 * `remoteAddress`, `trustProxy`, `crossOriginProtection`, `identityHeader`, `timeout`,
 * `highWaterMark`, `onError`; function options get `(request, context)`), plus Next's own.
 *
 * - `prefix` is the route's folder path without `basePath`, e.g. `/tools/notes` for
 *   `app/tools/notes/[...path]/route.ts`; optional in a catch-all route.
 * - `signInPath` defaults to NextAuth's `/api/auth/signin`, `returnParam` to `callbackUrl`; the
 *   redirect is `307` for GET and HEAD, `303` otherwise.
 */
export interface MountOptions extends MountHandlerOptions<RouteHandlerContext | undefined> {
  /**
   * Next's `basePath`. Default: the one Next compiled into the bundle, which is only known when
   * `@graft/next` is bundled (not listed in `serverExternalPackages`).
   */
  basePath?: string;
  /** The catch-all param name: `path` for `[...path]` / `[[...path]]`. Default `'path'`. */
  param?: string;
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

/** Next's part of the pipeline: where the app is mounted, and how to send a visitor to sign in. */
function nextHost(options: MountOptions): MountHost<RouteHandlerContext | undefined> {
  const param = options.param ?? 'path';
  const explicitBasePath = options.basePath === undefined ? undefined : normalizeBasePath(options.basePath);
  return {
    async locate(request, context, prefix) {
      const basePath = explicitBasePath ?? normalizeBasePath(configuredBasePath());
      const segments = await readCatchAllSegments(context, param);
      const { mountPath } = resolveMountPoint({ path: splitUrl(request.url).path, segments, prefix, basePath });
      // The app sees the public URL, and answers uncompressed: Next compresses once (see content-coding.ts).
      return { mountPath, base: basePath, url: publicUrl(request.url, basePath), requestHeaders: IDENTITY_ENCODING };
    },
    signIn: (request, { base }) =>
      signInRedirect(request, { basePath: base, signInPath: options.signInPath, returnParam: options.returnParam }),
  };
}

/**
 * Builds one route handler that runs `app` for every request it gets, whatever the method. Use it
 * where a single function is wanted, e.g. as the final handler of a next-connect `createEdgeRouter`.
 *
 * Errors of wiring (a `prefix` that does not fit the route, a bad identity) reject, so Next
 * answers 500 and logs them; a client that left before the app answered yields an empty 204.
 *
 * The app sees `Accept-Encoding: identity` and so answers uncompressed: Next drops the
 * `Content-Encoding` of a route handler's response, and compresses the answer itself.
 *
 * @throws {InvalidOptionError} for a bad `prefix`, `basePath` or trusted origin, or an `identity`
 * that is not a function.
 */
export function createRouteHandler(app: NodeApp, options: MountOptions = {}): GraftRouteHandler {
  return createMountHandler(app, options, nextHost(options));
}

/**
 * Mounts an app (Express, Koa, Connect, Fastify, `(req, res)`, `http.Server`, tinyhttp/polka, h3,
 * a `{ fetch }` app such as Hono) in a catch-all route. Export the result's methods from
 * `app/<prefix>/[...path]/route.ts` — or `[[...path]]`, which also serves the bare prefix. No
 * route-segment config is needed (the handlers read the request, so Next never prerenders them),
 * and none may be exported under `cacheComponents: true`.
 *
 * @example
 * ```ts
 * // app/tools/notes/[[...path]]/route.ts
 * import { mount } from '@graft/next';
 * import { nextAuthIdentity } from '@graft/next/next-auth';
 * import { authOptions } from '@/auth';
 * import { notesApp } from '@/notes-app';
 *
 * export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = mount(notesApp, {
 *   prefix: '/tools/notes',
 *   identity: nextAuthIdentity(authOptions),
 *   requireIdentity: true,
 * });
 * ```
 * @throws {InvalidOptionError} as {@link createRouteHandler}.
 */
export function mount(app: NodeApp, options: MountOptions = {}): MountedRoute {
  const handler = createRouteHandler(app, options);
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
