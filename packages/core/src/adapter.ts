/**
 * `@graft/core/adapter`: for authors of host adapters (`@graft/next`, `@graft/remix`, or one of
 * your own). `createMountHandler` runs the whole mount pipeline for a host strategy; the rest are
 * the pieces it is made of and the path and identity rules adapters share with core.
 */

export { clientAddress, type TrustProxy } from './adapter/client-address.js';
export { type IdentityResolver, resolveIdentity } from './adapter/identity-resolver.js';
export { createMountHandler, type MountHandler } from './adapter/mount-handler.js';
export type { MountHost, MountLocation } from './adapter/mount-host.js';
export type { MountHandlerOptions } from './adapter/mount-options.js';
export { normalizeRoutePrefix, rawPrefixOf } from './adapter/route-prefix.js';
export { isCorsPreflight, type SignInRedirectOptions, signInRedirect } from './adapter/sign-in.js';
export { deriveRequest, type RequestChanges } from './shared/derived-request.js';
export { checkIdentityHeader, normalizeIdentity, PROTECTED_IDENTITY_HEADERS } from './shared/identity.js';
export { type MountSplit, splitMount, splitUrl, type UrlParts } from './shared/mount-path.js';
