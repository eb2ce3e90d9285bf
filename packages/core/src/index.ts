/**
 * `@graft/core`: run Node HTTP apps inside Fetch-based hosts (Next.js route handlers, Remix
 * loaders), faithfully and streamed.
 */
export { callNodeApp, type CallNodeAppOptions } from './call-node-app.js';
export { GraftError, InvalidIdentityError, InvalidOptionError, MountMismatchError } from './errors.js';
export { HOP_BY_HOP_HEADERS } from './headers.js';
export {
  PROTECTED_IDENTITY_HEADERS,
  canonicalHeaderName,
  normalizeIdentity,
  type Identity,
  type IdentityInput,
} from './identity.js';
export { splitMount, splitUrl, type MountSplit, type UrlParts } from './mount.js';
export {
  resolveNodeApp,
  type CallbackApp,
  type NodeApp,
  type NodeRequestListener,
  type RequestEmitter,
  type RoutingApp,
} from './node-app.js';
export { getGraftContext } from './context.js';
export type { GraftContext, GraftIncomingMessage } from './request.js';
export {
  toNodeListener,
  type ClientAddress,
  type FetchHandler,
  type FetchNodeListener,
  type ToNodeListenerOptions,
} from './to-node-listener.js';
export {
  createMountServer,
  type FetchMount,
  type Mount,
  type MountDescription,
  type MountServer,
  type MountServerOptions,
  type NodeMount,
  type UpgradeHandler,
} from './mount-server.js';
export { getMountContext, getMountIdentity } from './mount-context.js';
export { BasePathMismatchError, checkBasePath } from './base-path.js';
export { cgi, type CgiOptions } from './cgi.js';
export { proxy, type ProxyOptions } from './proxy.js';
export { clientGoneResponse, isClientGone } from './client-gone.js';
export { safeRedirectPath } from './safe-redirect.js';
export {
  createCrossOriginCheck,
  crossOriginForbiddenResponse,
  crossOriginProtection,
  crossOriginRefusal,
  isCrossOriginRequest,
  type CheckedRequest,
  type CrossOriginCheck,
  type CrossOriginMiddleware,
  type CrossOriginProtectionOptions,
} from './cross-site.js';
