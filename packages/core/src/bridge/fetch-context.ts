/**
 * How a fetch-style app learns what the host decided for its request (who is signed in, where it
 * is mounted), without trusting anything in the request a client could have written — whether it
 * runs behind `callNodeApp` / `mount()` or as a fetch mount of `createMountServer`.
 *
 * A Node app gets this on `req.graft`. A fetch handler only gets a `Request`, and a `Request`
 * cannot carry extra properties through frameworks that re-create it (Remix and React Router
 * build their own), so the context is kept beside the original `Request` object in a WeakMap:
 * nothing is added to the request, nothing leaks once it is gone, and a forged header cannot
 * create an entry. The optional `identityHeader` is delivered on the `Request` as well, for apps
 * that only read headers.
 */

import type { Identity } from '../shared/identity.js';
import type { GraftContext } from './request.js';

const contexts = new WeakMap<Request, GraftContext>();

/** Records the host's context for `request` (called once, before the handler runs). */
export function linkMountContext(request: Request, context: GraftContext): void {
  contexts.set(request, context);
}

/**
 * The host's view of `request` — `{ identity, locals, mountPath, pathInfo, request }` — when a
 * fetch handler is being served by `callNodeApp` (so by `mount()` of `@graft/next` and
 * `@graft/remix`) or as a fetch mount of `createMountServer`; `undefined` otherwise. Pass the
 * very `Request` object the handler received (Hono's `c.req.raw`, h3's `event.req`); a copy
 * made with `new Request(request)` is a different object and has no context.
 *
 * @example
 * ```ts
 * // A Remix handler mounted at /remix, handing the identity to loaders as load context:
 * const handle = createRequestHandler(build);
 * createMountServer({
 *   mounts: { '/remix': { fetch: (request) => handle(request, { user: getMountIdentity(request) }) } },
 *   identity,
 * });
 * ```
 */
export function getMountContext(request: Request): GraftContext | undefined {
  return contexts.get(request);
}

/** The signed-in user the host resolved for `request`, `null` if anonymous or unknown. */
export function getMountIdentity(request: Request): Identity | null {
  return contexts.get(request)?.identity ?? null;
}
