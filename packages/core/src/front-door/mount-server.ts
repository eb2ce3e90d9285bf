/**
 * `createMountServer`: one Node HTTP front door for several apps, each at its own path prefix —
 * Express/Koa/Connect/Fastify tools, a Remix/React Router/Hono fetch handler, a Next app at the
 * root — with the signed-in user resolved once per request and delivered to whichever app
 * answers, under the same rules as `callNodeApp`.
 *
 * Routing is Rack's URLMap (see `url-map.ts`): the longest segment-aligned prefix wins, on the
 * raw path. Targets a URL parser would resolve to another path (dot-segments, `\`, `#`, a
 * leading `//`) are refused with 400 first (see `request-target.ts`), so no app can be reached
 * through the gate of a mount other than the one whose prefix the path has.
 *
 * - A **Node app** is called directly with the server's own `req`/`res` — no Fetch conversion,
 *   so it runs as fast as behind its own `http.createServer`. Before it runs, the prefix moves
 *   from `req.url` to `req.baseUrl`, exactly as `callNodeApp` presents it: `req.url` is the raw
 *   tail and query (`/` for the bare prefix), `req.originalUrl` the full raw path and query,
 *   and `req.graft` the {@link GraftContext}.
 * - A Node app with `basePath` (a Next app: `next({ dir }).getRequestHandler()`) routes on the
 *   full path itself; `basePath` must equal its prefix, and is checked at startup.
 * - A **fetch handler** is served through `toNodeListener`; its `Request` keeps the full URL, so
 *   the app must be configured with the prefix as its base (Remix/React Router `basename`,
 *   Hono's `app.basePath()`). It finds the front server's decisions with `getMountContext`.
 * - **Upgrades** (WebSocket) go to the `upgrade` handler of the mount that owns the path, with
 *   the same path split and identity; every other upgrade is refused and its socket closed.
 *
 * This file is the entry: the options are checked once (`mount-server-config.ts`, the mounts in
 * `mount-table.ts`), then `request-dispatch.ts` and `upgrade-dispatch.ts` serve each request and
 * upgrade in the order the steps happen.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { MountServerOptions } from './mount-options.js';
import { resolveMountServerConfig } from './mount-server-config.js';
import type { MountDescription } from './mount-table.js';
import { createRequestDispatch } from './request-dispatch.js';
import { createUpgradeDispatch } from './upgrade-dispatch.js';

export type { FetchMount, Mount, MountServerOptions, NodeMount, UpgradeHandler } from './mount-options.js';
export type { MountDescription } from './mount-table.js';

/**
 * A Node request listener for `http.createServer` (or `https`), with the `'upgrade'` listener
 * beside it.
 */
export interface MountServer {
  (req: IncomingMessage, res: ServerResponse): void;
  /** The `'upgrade'` listener: `server.on('upgrade', front.upgrade)`. */
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** The mounts, longest prefix first. */
  readonly mounts: readonly MountDescription[];
}

/**
 * Creates the front door: a request listener that dispatches each request to the app mounted at
 * the longest matching prefix, with the identity the `identity` option resolves.
 *
 * **Paths.** A request (or upgrade) whose target a WHATWG URL parser — what Next, Remix and
 * `new URL(req.url, base)` use — would resolve differently from its raw bytes is answered
 * `400 Bad Request` (plain text) before the identity is resolved and before any app runs: a
 * `.` or `..` segment in any spelling (`%2e`, `.%2E`, …), a `\`, a control character, a
 * fragment (`#`), a path starting with `//`. Every other target is matched on its raw bytes,
 * each app gets exactly the raw tail, and a path under a prefix reaches an app only through that
 * mount. Nothing is percent-decoded (nor does WHATWG decode): a root app that decodes `%2F` or
 * `%74` before routing must not serve paths another mount guards.
 *
 * **Identity headers** a client sends, in the head or as trailers, never reach an app.
 *
 * **Timeouts** are the `http.Server`'s: this listener sets none of its own. With
 * `http.createServer(front)` Node's defaults apply — `headersTimeout` 60 s (a client must finish
 * its request head in that time, else 408 and the connection is closed: slowloris), and
 * `requestTimeout` 300 s for the whole request, `keepAliveTimeout` 5 s between requests; there
 * is no limit on how long an app (or the `identity` function) takes to answer. Set them as the
 * server's options: `createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, front)`.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import next from 'next';
 * import { createMountServer } from '@graft/core';
 *
 * const site = next({ dir: './site' });
 * await site.prepare();
 * const front = createMountServer({
 *   mounts: {
 *     '/tools': notesApp,                                  // Express: sees /notes, baseUrl /tools
 *     '/remix': { fetch: createRequestHandler(build) },   // Remix built with basename '/remix'
 *     '/': { app: site.getRequestHandler(), upgrade: site.getUpgradeHandler() },
 *   },
 *   identity: (req) => sessionUser(req),
 *   identityHeader: 'x-remote-user',
 * });
 * createServer(front).on('upgrade', front.upgrade).listen(3000);
 * ```
 *
 * @throws {InvalidOptionError} for an invalid prefix, a prefix given twice, something mounted
 * that is no app, an invalid `identityHeader`, `host` or `protocol`.
 * @throws {BasePathMismatchError} when a mount's `basePath` differs from its prefix.
 */
export function createMountServer(options: MountServerOptions): MountServer {
  const config = resolveMountServerConfig(options);
  return Object.assign(createRequestDispatch(config), { upgrade: createUpgradeDispatch(config), mounts: config.table.mounts });
}
