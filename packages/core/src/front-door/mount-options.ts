/**
 * What `createMountServer` is given: the mounts (a Node app or a fetch handler per prefix, each
 * with its options) and the front door's own options. Types only; `mount-table.ts` checks the
 * mounts, `mount-server-config.ts` the rest.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NodeApp } from '../bridge/node-app.js';
import type { GraftErrorHandler } from '../shared/error-hook.js';
import type { IdentityInput } from '../shared/identity.js';
import type { FetchHandler, ToNodeListenerOptions } from './to-node-listener.js';

/** Node's `'upgrade'` listener signature: the request, its raw socket, and bytes read past the head. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => unknown;

/** A Node app mounted with options. */
export interface NodeMount {
  /**
   * Express, Connect, Koa, Fastify, an `http.Server`, tinyhttp or polka, Next's
   * `getRequestHandler()`, or any `(req, res)` listener (see {@link NodeApp}). A fetch app (Hono,
   * h3 v2) given here is served as a {@link FetchMount} with this mount's `upgrade` and `locals`.
   */
  app: NodeApp;
  /** Serves WebSocket (or other) upgrades under this prefix, e.g. Next's `getUpgradeHandler()`. */
  upgrade?: UpgradeHandler;
  /**
   * The base path the app is configured with and strips itself (Next's `basePath`). With it the
   * app receives the full path (`req.url` unchanged, `req.baseUrl` `''`); it must equal the
   * mount prefix, or {@link BasePathMismatchError} is thrown at startup. A Next app at `/` needs
   * neither `basePath` option nor Next configuration.
   */
  basePath?: string;
  /** Values for `req.graft.locals` (shared by all requests: treat as read-only) and `res.locals`. */
  locals?: Record<string, unknown>;
}

/** A fetch-style handler mounted with options. A Hono app (it has `fetch`) is one as it is. */
export interface FetchMount {
  /**
   * The handler, called as `toNodeListener` calls it: with `(request, client)` if it declares two
   * parameters, else `(request)` alone (see {@link FetchHandler}). To hand a Remix/React Router
   * app its load context, wrap it:
   * `{ fetch: (request) => handle(request, { user: getMountIdentity(request) }) }`.
   */
  fetch: FetchHandler;
  /** Serves upgrades under this prefix; it gets the raw Node request with the full path. */
  upgrade?: UpgradeHandler;
  /** Values for `getMountContext(request).locals` (shared by all requests: treat as read-only). */
  locals?: Record<string, unknown>;
  /** Replaces the server's `onError` for this handler (see `toNodeListener`'s `onError`). */
  onError?: ToNodeListenerOptions['onError'];
}

/** What can be mounted: a bare Node app, or a {@link NodeMount} or {@link FetchMount}. */
export type Mount = NodeApp | NodeMount | FetchMount;

/** Options of `createMountServer`. */
export interface MountServerOptions {
  /** Prefix → app. `/` (or `default`) takes every path no other prefix takes. */
  mounts: Record<string, Mount>;
  /** The app for unmatched paths; the same as mounting it at `/` (giving both is an error). */
  default?: Mount;
  /**
   * Resolves who is signed in, once per request (and upgrade), before any app runs: an
   * `Identity`, a bare user id, or `null`. It sees the request as the client sent it, so
   * it may read a header that a trusted proxy in front sets — and must not trust one a client
   * can send. A throw or rejection answers 500 and reaches no app.
   *
   * @example
   * ```ts
   * // NextAuth (v4) JWT sessions: getToken wants parsed cookies next to the headers.
   * import { getToken } from 'next-auth/jwt';
   * import { parse } from 'cookie';
   * const identity = async (req: IncomingMessage) => {
   *   const token = await getToken({
   *     req: { headers: req.headers, cookies: parse(req.headers.cookie ?? '') } as never,
   *     secret: process.env.NEXTAUTH_SECRET,
   *   });
   *   return token?.sub ? { id: token.sub, name: token.name, email: token.email } : null;
   * };
   * ```
   */
  identity?: (req: IncomingMessage) => IdentityInput | Promise<IdentityInput>;
  /**
   * Also deliver `identity.id` in this request header, to Node apps (`req.headers`,
   * `req.rawHeaders`) and fetch handlers (`request.headers`). Client copies of it and of every
   * header in `PROTECTED_IDENTITY_HEADERS` — any case, `_` for `-` — are always removed first.
   */
  identityHeader?: string;
  /** The authority of fetch handlers' `request.url` and of `req.graft.request`; default: `Host`. */
  host?: string;
  /** Their scheme; default `https:` on TLS sockets, else `http:`. */
  protocol?: 'http:' | 'https:';
  /**
   * Answer unmatched paths with a 404 that lists the mounts. Default: on unless
   * `NODE_ENV === 'production'` (read once, when the server is created).
   */
  listMounts?: boolean;
  /**
   * Reports failures the front server handles itself — an app that throws or rejects
   * (`where: 'app'`; for fetch mounts, unless the mount has its own `onError`), an identity
   * function that fails (`'identity'`), an upgrade handler that throws (`'upgrade'`) — with
   * `{ where, req, headersSent }`: the one `onError` contract of Graft ({@link GraftErrorHandler}).
   * Before the head is sent, a returned `Response` replaces the plain-text 500 (an upgrade's
   * socket is closed in any case). A hook that throws is logged. Default: `console.error`.
   */
  onError?: GraftErrorHandler;
}
