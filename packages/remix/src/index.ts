/**
 * `@graft/remix`: run Node web apps (Express, Koa, Connect, Fastify, `(req, res)`) inside a
 * Remix v2 or React Router 7 splat route, under the host's sign-in. Everything that is not
 * Remix-specific (`callNodeApp`, `basicAuth`, `Identity`, the errors) is imported from
 * `@graft/core`.
 */

export { type SessionIdentityOptions, type SessionStorageLike, sessionIdentity } from './identity.js';
export { createRouteHandler, type GraftRouteHandler, type MountedRoute, type MountOptions, mount } from './mount.js';
export type { RouteArgs } from './route-args.js';
