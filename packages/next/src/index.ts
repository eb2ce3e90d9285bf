/**
 * `@graft/next`: run Node web apps (Express, Koa, Connect, Fastify, `(req, res)`) inside
 * Next.js App Router routes. NextAuth support is in `@graft/next/next-auth`, the `next.config`
 * helper in `@graft/next/config`; everything that is not Next-specific (`callNodeApp`,
 * `basicAuth`, `isClientGone`, the errors) is imported from `@graft/core`.
 */
export { createRouteHandler, type GraftRouteHandler, type MountedRoute, type MountOptions, mount } from './mount.js';
export type { RouteHandlerContext } from './route-params.js';
