/**
 * What the gateways (`cgi`, `proxy`) read from the request they serve. A gateway is a plain
 * `(req, res)` listener, so it may run inside Graft (`callNodeApp`), behind Express's
 * `app.use('/prefix', gateway)`, or directly under `http.createServer(gateway)`; all three leave
 * the same traces on `req` (`url`, and for the first two `baseUrl`/`originalUrl`), read here once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getGraftContext } from '../bridge/context.js';
import type { Identity } from '../shared/identity.js';
import { splitTarget, trimMountPath } from '../shared/mount-path.js';
import { sendPlainText } from '../shared/plain-text.js';

/** The request target split the way a gateway forwards it. Every part is raw (still encoded). */
export interface GatewayTarget {
  /** The mount prefix the host consumed: `''` or `/git`, never ending in `/`. */
  mountPath: string;
  /**
   * The path below the mount: `''` for the bare mount (`/git`), else starting with `/`
   * (`/git/` gives `/`). CGI's PATH_INFO and the proxy's upstream path are built from it.
   */
  pathInfo: string;
  /** The query including its `?`, or `''` when the target had no `?`. */
  search: string;
  /** The full original path and query as the client sent it (CGI's REQUEST_URI). */
  requestUri: string;
}

/**
 * Reads the request target. Returns `undefined` when `req.url` is not a path (the absolute form
 * `http://host/x` or `*`), which a gateway answers with 400.
 *
 * `req.url` wins over `originalUrl` for the path below the mount, so a middleware that rewrote
 * `req.url` is honoured; `originalUrl` only tells the bare mount (`/git`, PATH_INFO `''`) from the
 * mount with a slash (`/git/`, PATH_INFO `/`), which `req.url` (`/` for both) cannot.
 */
export function gatewayTarget(req: IncomingMessage): GatewayTarget | undefined {
  const url = req.url ?? '/';
  if (url.charCodeAt(0) !== 47 /* / */) return undefined;
  const extra = req as IncomingMessage & { originalUrl?: unknown; baseUrl?: unknown };
  const requestUri = typeof extra.originalUrl === 'string' ? extra.originalUrl : url;
  const mountPath = typeof extra.baseUrl === 'string' ? trimMountPath(extra.baseUrl) : '';
  const { path, search } = splitTarget(url);
  const bareMount = path === '/' && mountPath !== '' && splitTarget(requestUri).path === mountPath;
  return { mountPath, pathInfo: bareMount ? '' : path, search, requestUri };
}

/** The signed-in user the host vouched for (`req.graft.identity`), or `null`. */
export function gatewayIdentity(req: IncomingMessage): Identity | null {
  return getGraftContext(req)?.identity ?? null;
}

/** The first value of a request header (Node joins or keeps arrays only for a few fields). */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Whether the request carries a body: a non-zero `Content-Length` or any `Transfer-Encoding`. */
export function requestHasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = headerValue(req, 'content-length');
  return length !== undefined && length !== '0';
}

/** A short plain-text error response, if the head has not gone out yet. */
export function sendGatewayError(res: ServerResponse, status: number, text: string): void {
  sendPlainText(res, status, `${text}\n`);
}
