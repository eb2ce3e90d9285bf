/**
 * `createMountHandler`: the whole mount pipeline a host adapter needs, in the order every host
 * runs it. For one request:
 *
 * 1. a cross-origin write is refused with `403` (`crossOriginProtection`), before anything else;
 * 2. the host locates the mount point (`MountHost.locate`; a mismatch rejects);
 * 3. the identity is resolved; an anonymous visitor of a protected mount — unless the request is
 *    a CORS preflight — gets `onAnonymous`'s answer or the host's sign-in redirect, and the app
 *    never runs;
 * 4. the app runs through `callNodeApp`, with locals and the client's address — a Node app with
 *    its `req`/`res`, a fetch app (Hono, h3 v2, `{ fetch }`) with the `Request` itself;
 * 5. its response goes out through the host's `respond`; a client that left before the app
 *    answered gets an empty `204` instead of an error; any other failure rejects, so the host
 *    framework answers 500 and logs it.
 */
import { type CallNodeAppOptions, callNodeApp } from '../bridge/call-node-app.js';
import { clientGoneResponse, isClientGone } from '../bridge/client-gone.js';
import { checkApp, type NodeApp } from '../bridge/node-app.js';
import { type CrossOriginCheck, createCrossOriginCheck, crossOriginForbiddenResponse } from '../shared/cross-site.js';
import { InvalidOptionError } from '../shared/errors.js';
import type { IdentityInput } from '../shared/identity.js';
import { clientAddress } from './client-address.js';
import { resolveIdentity } from './identity-resolver.js';
import type { MountHost, MountLocation } from './mount-host.js';
import type { MountHandlerOptions } from './mount-options.js';
import { normalizeRoutePrefix } from './route-prefix.js';
import { isCorsPreflight } from './sign-in.js';

/** A mounted app as one function: the host's request and route arguments in, the route's response out. */
export type MountHandler<Args> = (request: Request, args: Args) => Promise<Response>;

/** The check `crossOriginProtection` asks for, built (and validated) once. */
function crossOriginCheckOf(option: MountHandlerOptions['crossOriginProtection']): CrossOriginCheck | undefined {
  if (option === undefined || option === false) return undefined;
  return createCrossOriginCheck(option === true ? {} : option);
}

/** The `callNodeApp` options for one request that may go on to the app. */
async function callOptionsFor<Args>(
  options: MountHandlerOptions<Args>,
  request: Request,
  args: Args,
  location: MountLocation,
  identity: IdentityInput,
): Promise<CallNodeAppOptions> {
  const { locals, remoteAddress } = options;
  return {
    mountPath: location.mountPath,
    url: location.url,
    requestHeaders: location.requestHeaders,
    identity,
    identityHeader: options.identityHeader,
    locals: typeof locals === 'function' ? await locals(request, args) : locals,
    remoteAddress:
      typeof remoteAddress === 'function' ? remoteAddress(request, args) : (remoteAddress ?? clientAddress(request, options.trustProxy)),
    timeout: options.timeout,
    highWaterMark: options.highWaterMark,
    onError: options.onError,
  };
}

/**
 * Builds the handler that serves `app` (any shape {@link NodeApp} lists) for every request the
 * host routes to it, whatever the method. Options and the app's shape are checked here, once: a
 * wrong one is a wiring mistake, not a per-request failure. The app itself is not touched yet (a
 * Koa app may still take middleware, a Fastify instance routes).
 *
 * @example
 * ```ts
 * // A host whose routes get `(request, { tail })`, the decoded rest of the path:
 * const handle = createMountHandler(app, { requireIdentity: true, identity: currentUser }, {
 *   locate: (request, { tail }) => ({ mountPath: splitMount(splitUrl(request.url).path, { pathInfo: tail }).mountPath, base: '' }),
 *   signIn: (request) => signInRedirect({ signInPath: '/login', returnParam: 'next', returnTo: splitUrl(request.url).path }),
 * });
 * ```
 * @throws {InvalidOptionError} for a bad `prefix`, an `identity` that is not a function, or a
 * bad trusted origin in `crossOriginProtection`.
 * @throws {TypeError} for an `app` of no accepted shape, naming them all (an h3 v1 app: pass
 * `toNodeListener(app)`).
 */
export function createMountHandler<Args>(app: NodeApp, options: MountHandlerOptions<Args>, host: MountHost<Args>): MountHandler<Args> {
  checkApp(app);
  const prefix = options.prefix === undefined ? undefined : normalizeRoutePrefix(options.prefix, 'prefix');
  if (options.identity !== undefined && typeof options.identity !== 'function') {
    throw new InvalidOptionError('identity must be a function of the request');
  }
  const requireIdentity = options.requireIdentity === true || options.onAnonymous !== undefined;
  const isRefusedCrossOrigin = crossOriginCheckOf(options.crossOriginProtection);

  return async function mountHandler(request, args) {
    if (isRefusedCrossOrigin?.(request)) return crossOriginForbiddenResponse();
    const location = await host.locate(request, args, prefix);
    const identity = await resolveIdentity(options.identity, request, args);
    if (identity == null && requireIdentity && !isCorsPreflight(request)) {
      return options.onAnonymous ? options.onAnonymous(request, args) : host.signIn(request, location);
    }
    const callOptions = await callOptionsFor(options, request, args, location, identity);
    try {
      const response = await callNodeApp(app, request, callOptions);
      return host.respond ? host.respond(response, request, location) : response;
    } catch (error) {
      if (isClientGone(request, error)) return clientGoneResponse();
      throw error;
    }
  };
}
