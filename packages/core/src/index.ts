/**
 * `@graft/core`: run Node HTTP apps inside Fetch-based hosts (Next.js route handlers, Remix
 * loaders), faithfully and streamed; serve them from one Node server; mount CGI programs and HTTP
 * servers of any language. Host adapters build on `@graft/core/adapter`; tests of hosts use
 * `@graft/core/testing`.
 */
export { type CallNodeAppOptions, callNodeApp } from './bridge/call-node-app.js';
export { clientGoneResponse, isClientGone } from './bridge/client-gone.js';
export { getGraftContext } from './bridge/context.js';
export type { FetchApp, NodeApp, NodeRequestListener } from './bridge/node-app.js';
export type { GraftContext } from './bridge/request.js';
export { BasePathMismatchError } from './front-door/base-path.js';
export { getMountContext, getMountIdentity } from './front-door/mount-context.js';
export {
  createMountServer,
  type FetchMount,
  type Mount,
  type MountServer,
  type MountServerOptions,
  type NodeMount,
  type UpgradeHandler,
} from './front-door/mount-server.js';
export { type FetchHandler, type ToNodeListenerOptions, toNodeListener } from './front-door/to-node-listener.js';
export { type CgiOptions, cgi } from './gateways/cgi/cgi.js';
export { GatewayError } from './gateways/gateway-failure.js';
export { type ProxyOptions, proxy } from './gateways/proxy/proxy.js';
export { type BasicAuth, type BasicAuthOptions, basicAuth } from './shared/basic-auth.js';
export { type CrossOriginProtectionOptions, crossOriginProtection, crossOriginRefusal } from './shared/cross-site.js';
export type { FetchErrorInfo, GraftErrorHandler, GraftErrorInfo, GraftErrorSource } from './shared/error-hook.js';
export { GraftError, type GraftErrorCode, InvalidIdentityError, InvalidOptionError, MountMismatchError } from './shared/errors.js';
export type { Identity, IdentityInput } from './shared/identity.js';
export { safeRedirectPath } from './shared/safe-redirect.js';
