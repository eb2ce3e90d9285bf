/**
 * `@graft/remix`: run Node web apps (Express, Koa, Connect, Fastify, `(req, res)`) inside a
 * Remix v2 or React Router 7 splat route, under the host's sign-in.
 */
export { mount, createRouteHandler, type MountOptions, type MountedRoute, type GraftRouteFunction } from './mount.js';
export { resolveMountPoint, normalizeMountPrefix, type MountPoint, type MountPointInput } from './mount-point.js';
export {
  sessionIdentity,
  resolveIdentity,
  type IdentityResolver,
  type SessionIdentityOptions,
  type SessionStorageLike,
} from './identity.js';
export {
  signInRedirect,
  isCorsPreflight,
  DEFAULT_SIGN_IN_PATH,
  DEFAULT_REDIRECT_PARAM,
  type SignInRedirectOptions,
} from './sign-in.js';
export { endQuietlyWhenClientLeaves } from './client-left.js';
export { isClientGone, clientGoneResponse } from '@graft/core';
export { decodeLikeRouter } from './router-path.js';
export { frameworkLocation, adjustRedirectForFramework } from './redirect-location.js';
export type { RouteArgs, RouteParams } from './route-args.js';
export { callNodeApp, getGraftContext, MountMismatchError, type Identity, type IdentityInput } from '@graft/core';
