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
 */
import { type IncomingMessage, type ServerResponse, validateHeaderName } from 'node:http';
import type { Duplex } from 'node:stream';
import { type NodeApp, type NodeRequestListener, resolveNodeApp } from '../bridge/node-app.js';
import type { GraftIncomingMessage } from '../bridge/request.js';
import { InvalidOptionError } from '../shared/errors.js';
import { type Identity, type IdentityInput, normalizeIdentity, protectedHeaderSet } from '../shared/identity.js';
import { checkBasePath } from './base-path.js';
import { addIdentityHeader, stripProtectedHeaders, stripProtectedTrailers } from './node-identity-headers.js';
import { createNodeGraftContext } from './node-request-view.js';
import { isRefused, parseRequestTarget, type RequestTarget } from './request-target.js';
import { checkListenerOptions, type FetchHandler, serveFetch, type ToNodeListenerOptions } from './to-node-listener.js';
import { createUrlMap, matchUrlMap, normalizeMountPrefix, type UrlMatch } from './url-map.js';

/** Node's `'upgrade'` listener signature: the request, its raw socket, and bytes read past the head. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => unknown;

/** A Node app mounted with options. */
export interface NodeMount {
  /**
   * Express, Connect, Koa, Fastify, an `http.Server`, Next's `getRequestHandler()`, or any
   * `(req, res)` listener (see {@link NodeApp}).
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
  /** Replaces the server's error reporting for this handler (see `toNodeListener`'s `onError`). */
  onError?: ToNodeListenerOptions['onError'];
}

/** What can be mounted: a bare Node app, or a {@link NodeMount} or {@link FetchMount}. */
export type Mount = NodeApp | NodeMount | FetchMount;

/** Options of {@link createMountServer}. */
export interface MountServerOptions {
  /** Prefix → app. `/` (or `default`) takes every path no other prefix takes. */
  mounts: Record<string, Mount>;
  /** The app for unmatched paths; the same as mounting it at `/` (giving both is an error). */
  default?: Mount;
  /**
   * Resolves who is signed in, once per request (and upgrade), before any app runs: an
   * {@link Identity}, a bare user id, or `null`. It sees the request as the client sent it, so
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
   * Reports failures the front server handles itself: an app that throws or rejects, an identity
   * function that fails, an upgrade handler that throws. Default: `console.error`.
   */
  onError?: (error: unknown, req: IncomingMessage) => void;
}

/** A mount as {@link MountServer.mounts} describes it. */
export interface MountDescription {
  /** The prefix (`/` for the root). */
  path: string;
  kind: 'node' | 'fetch';
  /** Whether upgrades under this prefix are served. */
  upgrade: boolean;
}

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

interface PreparedNodeMount {
  kind: 'node';
  listener: NodeRequestListener | Promise<NodeRequestListener>;
  /** The app strips its own base path: give it the full path. */
  fullPath: boolean;
  upgrade: UpgradeHandler | undefined;
  locals: Record<string, unknown> | undefined;
}

interface PreparedFetchMount {
  kind: 'fetch';
  handler: FetchHandler;
  upgrade: UpgradeHandler | undefined;
  locals: Record<string, unknown> | undefined;
  onError: ToNodeListenerOptions['onError'];
}

type PreparedMount = PreparedNodeMount | PreparedFetchMount;

const NO_LOCALS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

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
  if (options === null || typeof options !== 'object' || options.mounts === null || typeof options.mounts !== 'object') {
    throw new InvalidOptionError('createMountServer: options.mounts must be an object of prefix → app');
  }
  const urlOptions = { host: options.host, protocol: options.protocol };
  checkListenerOptions(urlOptions);
  const identityHeader = options.identityHeader;
  if (identityHeader !== undefined) {
    try {
      validateHeaderName(identityHeader);
    } catch {
      throw new InvalidOptionError(`identityHeader ${JSON.stringify(identityHeader)} is not a valid header name`);
    }
  }
  if (options.identity !== undefined && typeof options.identity !== 'function') {
    throw new InvalidOptionError('identity must be a function (req) => identity');
  }
  const protectedNames = protectedHeaderSet(identityHeader);
  const listMounts = options.listMounts ?? process.env.NODE_ENV !== 'production';
  const resolveIdentity = options.identity;

  const entries: [string, PreparedMount][] = Object.entries(options.mounts).map(([prefix, mount]) => [prefix, prepareMount(prefix, mount)]);
  if (options.default !== undefined) {
    if (entries.some(([prefix]) => prefix === '/' || prefix === '')) {
      throw new InvalidOptionError('give the root app either as mounts["/"] or as default, not both');
    }
    entries.push(['/', prepareMount('/', options.default)]);
  }
  const map = createUrlMap(entries);
  const mounts: MountDescription[] = map.map(({ prefix, target }) => ({
    path: prefix || '/',
    kind: target.kind,
    upgrade: target.upgrade !== undefined,
  }));

  function report(error: unknown, req: IncomingMessage): void {
    if (options.onError) {
      try {
        options.onError(error, req);
      } catch (hookError) {
        console.error('[graft] onError failed:', hookError);
      }
    } else console.error('[graft] a mounted app failed:', error);
  }

  function notFound(res: ServerResponse, path: string): void {
    if (!listMounts) {
      sendPlain(res, 404, 'Not Found');
      return;
    }
    const width = Math.max(...mounts.map((m) => m.path.length), 0);
    const lines = mounts.map((m) => `  ${m.path.padEnd(width)}  ${m.kind === 'node' ? 'Node app' : 'fetch handler'}`);
    sendPlain(
      res,
      404,
      `Not Found: no app is mounted at ${JSON.stringify(path)}.\n\n` +
        (lines.length ? `Mounted apps:\n${lines.join('\n')}\n` : 'No apps are mounted.\n') +
        '\n(Shown outside production; NODE_ENV=production or listMounts: false hides it.)\n',
    );
  }

  /** Runs `then` with the identity, or answers 500 (`fail`) when it cannot be resolved. */
  function withIdentity(req: IncomingMessage, then: (identity: Identity | null) => void, fail: (error: unknown) => void): void {
    if (!resolveIdentity) {
      then(null);
      return;
    }
    const deliver = (input: IdentityInput): void => {
      let identity: Identity | null;
      try {
        // Refuses ids that could not travel in a header (CR/LF): a 500, never a smuggled header.
        identity = normalizeIdentity(input);
      } catch (error) {
        fail(error);
        return;
      }
      then(identity);
    };
    let result: IdentityInput | Promise<IdentityInput>;
    try {
      result = resolveIdentity(req);
    } catch (error) {
      fail(error);
      return;
    }
    // A synchronous answer keeps the whole dispatch synchronous (no microtask per request).
    if (isThenable(result)) result.then(deliver, fail);
    else deliver(result);
  }

  /** Identity headers: client copies out, the trusted one in, before any app sees `req`. */
  function applyIdentityHeaders(req: IncomingMessage, identity: Identity | null): void {
    stripProtectedHeaders(req, protectedNames);
    stripProtectedTrailers(req, protectedNames);
    if (identity && identityHeader !== undefined) addIdentityHeader(req, identityHeader, identity.id);
  }

  /** Moves the prefix from `req.url` to `req.baseUrl` (unless the app strips it itself). */
  function presentToNodeApp(
    req: IncomingMessage,
    res: ServerResponse | undefined,
    mount: PreparedNodeMount,
    match: UrlMatch<PreparedMount>,
    url: RequestTarget,
    identity: Identity | null,
  ): void {
    const mountPath = mount.fullPath ? '' : match.entry.prefix;
    const pathInfo = mount.fullPath ? url.path : match.pathInfo;
    const graftReq = req as GraftIncomingMessage;
    graftReq.url = pathInfo + url.search;
    graftReq.originalUrl = url.target;
    graftReq.baseUrl = mountPath;
    graftReq.graft = createNodeGraftContext(req, res, { identity, locals: mount.locals ?? NO_LOCALS, mountPath, pathInfo }, urlOptions);
  }

  function handleRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = parseRequestTarget(req.url);
    if (isRefused(url)) {
      sendPlain(res, 400, `Bad Request: ${url.refused}`);
      return;
    }
    const match = matchUrlMap(map, url.path);
    if (!match) {
      notFound(res, url.path);
      return;
    }
    withIdentity(
      req,
      (identity) => {
        // The client left while the identity was being resolved: nobody to answer.
        if (res.destroyed || req.socket.destroyed) return;
        applyIdentityHeaders(req, identity);
        const mount = match.entry.target;
        if (mount.kind === 'fetch') {
          req.url = url.target;
          void serveFetch(
            mount.handler,
            req,
            res,
            { ...urlOptions, onError: mount.onError ?? ((error) => report(error, req)) },
            { identity, locals: mount.locals ?? NO_LOCALS, mountPath: match.entry.prefix, pathInfo: match.pathInfo },
          );
          return;
        }
        presentToNodeApp(req, res, mount, match, url, identity);
        if (mount.locals) (res as ServerResponse & { locals?: object }).locals = { ...mount.locals };
        const listener = mount.listener;
        if (typeof listener === 'function') runNodeApp(listener, req, res);
        else
          listener.then(
            (ready) => runNodeApp(ready, req, res),
            (error) => appFailed(error, req, res),
          );
      },
      (error) => {
        report(error, req);
        sendPlain(res, 500, 'Internal Server Error');
      },
    );
  }

  function runNodeApp(listener: NodeRequestListener, req: IncomingMessage, res: ServerResponse): void {
    try {
      const result = listener(req, res);
      if (isThenable(result)) result.then(undefined, (error: unknown) => appFailed(error, req, res));
    } catch (error) {
      appFailed(error, req, res);
    }
  }

  /** An app threw or rejected: 500 if nothing was sent yet, else cut the response short. */
  function appFailed(error: unknown, req: IncomingMessage, res: ServerResponse): void {
    report(error, req);
    sendPlain(res, 500, 'Internal Server Error');
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = parseRequestTarget(req.url);
    if (isRefused(url)) {
      refuseUpgrade(socket, 400);
      return;
    }
    const match = matchUrlMap(map, url.path);
    const mount = match?.entry.target;
    if (!match || !mount?.upgrade) {
      refuseUpgrade(socket, 404);
      return;
    }
    const upgrade = mount.upgrade;
    withIdentity(
      req,
      (identity) => {
        if (socket.destroyed) return;
        applyIdentityHeaders(req, identity);
        if (mount.kind === 'node') presentToNodeApp(req, undefined, mount, match, url, identity);
        else req.url = url.target;
        try {
          const result = upgrade(req, socket, head);
          if (isThenable(result)) {
            result.then(undefined, (error: unknown) => {
              report(error, req);
              socket.destroy();
            });
          }
        } catch (error) {
          report(error, req);
          socket.destroy();
        }
      },
      (error) => {
        report(error, req);
        refuseUpgrade(socket, 500);
      },
    );
  }

  return Object.assign(handleRequest, { upgrade: handleUpgrade, mounts });
}

function prepareMount(prefix: string, mount: Mount): PreparedMount {
  const where = `the mount at ${JSON.stringify(prefix)}`;
  if (mount !== null && typeof mount === 'object' && typeof (mount as FetchMount).fetch === 'function') {
    const fetchMount = mount as FetchMount;
    checkUpgrade(where, fetchMount.upgrade);
    return {
      kind: 'fetch',
      // bind keeps the handler's `this` (a Hono app) and its declared parameter count.
      handler: fetchMount.fetch.bind(fetchMount),
      upgrade: fetchMount.upgrade,
      locals: fetchMount.locals,
      onError: fetchMount.onError,
    };
  }
  const withOptions = mount !== null && typeof mount === 'object' && 'app' in mount ? (mount as NodeMount) : { app: mount as NodeApp };
  let listener: NodeRequestListener | Promise<NodeRequestListener>;
  try {
    listener = resolveNodeApp(withOptions.app);
  } catch {
    throw new InvalidOptionError(
      `${where} is not an app: expected a (req, res) function, a Koa app, a Fastify instance, an http.Server, ` +
        '{ app, upgrade?, basePath? } or { fetch, upgrade? }',
    );
  }
  // Fastify's ready() starts now; a failure is reported per request, not as an unhandled rejection.
  if (typeof listener !== 'function') listener.catch(() => {});
  checkUpgrade(where, withOptions.upgrade);
  if (withOptions.basePath !== undefined) checkBasePath(normalizeMountPrefix(prefix), withOptions.basePath);
  return {
    kind: 'node',
    listener,
    fullPath: withOptions.basePath !== undefined,
    upgrade: withOptions.upgrade,
    locals: withOptions.locals,
  };
}

function checkUpgrade(where: string, upgrade: unknown): void {
  if (upgrade !== undefined && typeof upgrade !== 'function') {
    throw new InvalidOptionError(`${where}: upgrade must be a function (req, socket, head)`);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as PromiseLike<unknown>).then === 'function';
}

/** A short plain-text answer from the front server itself; cuts the response if one started. */
function sendPlain(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

const UPGRADE_REFUSALS: Record<number, string> = {
  400: 'HTTP/1.1 400 Bad Request',
  404: 'HTTP/1.1 404 Not Found',
  500: 'HTTP/1.1 500 Internal Server Error',
};

/** Answers an upgrade nobody takes with a status line and closes the socket. */
function refuseUpgrade(socket: Duplex, status: 400 | 404 | 500): void {
  if (socket.destroyed) return;
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`${UPGRADE_REFUSALS[status]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`, () => socket.destroy());
}
