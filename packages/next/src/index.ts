/**
 * `@graft/next`: run Node web apps (Express, Koa, Connect, Fastify, `(req, res)`) inside
 * Next.js App Router routes. NextAuth support is in `@graft/next/next-auth`, the `next.config`
 * helper in `@graft/next/config`.
 */
export { mount, createGraftHandler, type MountOptions, type MountedRoute, type GraftRouteHandler } from './mount.js';
export { resolveMountPoint, normalizeBasePath, normalizePrefix, type MountPoint, type MountPointInput } from './mount-point.js';
export { readCatchAllSegments, type RouteHandlerContext, type RouteParams } from './route-params.js';
export { signInRedirect, isCorsPreflight, DEFAULT_SIGN_IN_PATH, type SignInRedirectOptions } from './sign-in.js';
export { clientAddress, type TrustProxy } from './client-address.js';
export { isClientGone, clientGoneResponse } from '@graft/core';
export { resolveIdentity, type IdentityResolver } from './identity.js';
export { configuredBasePath, withBasePath } from './base-path.js';
export {
  basicAuth,
  basicAuthChallenge,
  parseBasicAuthorization,
  type BasicAuth,
  type BasicAuthOptions,
  type BasicAuthorization,
} from './basic-auth.js';
export { callNodeApp, getGraftContext, MountMismatchError, type Identity, type IdentityInput } from '@graft/core';
