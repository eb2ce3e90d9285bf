/**
 * `@graft/core`: run Node HTTP apps inside Fetch-based hosts (Next.js route handlers, Remix
 * loaders), faithfully and streamed.
 */
export { callNodeApp, type CallNodeAppOptions } from './bridge/call-node-app.js';
export { GraftError, InvalidIdentityError, InvalidOptionError, MountMismatchError } from './shared/errors.js';
export { HOP_BY_HOP_HEADERS } from './shared/headers.js';
export {
  PROTECTED_IDENTITY_HEADERS,
  canonicalHeaderName,
  normalizeIdentity,
  type Identity,
  type IdentityInput,
} from './shared/identity.js';
export { splitMount, splitUrl, type MountSplit, type UrlParts } from './shared/mount-path.js';
export {
  resolveNodeApp,
  type CallbackApp,
  type NodeApp,
  type NodeRequestListener,
  type RequestEmitter,
  type RoutingApp,
} from './bridge/node-app.js';
export { getGraftContext } from './bridge/context.js';
export type { GraftContext, GraftIncomingMessage } from './bridge/request.js';
export {
  toNodeListener,
  type ClientAddress,
  type FetchHandler,
  type FetchNodeListener,
  type ToNodeListenerOptions,
} from './front-door/to-node-listener.js';
export {
  createMountServer,
  type FetchMount,
  type Mount,
  type MountDescription,
  type MountServer,
  type MountServerOptions,
  type NodeMount,
  type UpgradeHandler,
} from './front-door/mount-server.js';
export { getMountContext, getMountIdentity } from './front-door/mount-context.js';
export { BasePathMismatchError, checkBasePath } from './front-door/base-path.js';
export { cgi, type CgiOptions } from './gateways/cgi/cgi.js';
export { proxy, type ProxyOptions } from './gateways/proxy/proxy.js';
export { clientGoneResponse, isClientGone } from './bridge/client-gone.js';
export { safeRedirectPath } from './shared/safe-redirect.js';
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
} from './shared/cross-site.js';
