/**
 * `proxy(target, options)`: an HTTP reverse-proxy gateway as a Node `(req, res)` listener, so an
 * app written in any language, running as its own HTTP server, mounts like a Node app — with the
 * host's identity handed over in a trusted header.
 *
 * The bytes travel through Node's own `http`/`https` client; this file only decides what crosses
 * the hop (headers both ways), where the request goes, and how each way a call can end maps to a
 * response: upstream unreachable (502), too slow (504), gone mid-body (cut short), or the client
 * leaving (the upstream request is aborted).
 */
import {
  type Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { type Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream';
import type { NodeRequestListener } from '../../bridge/node-app.js';
import { InvalidOptionError } from '../../shared/errors.js';
import { canonicalHeaderName, PROTECTED_IDENTITY_HEADERS } from '../../shared/identity.js';
import { gatewayIdentity, gatewayTarget, sendGatewayError } from '../gateway-request.js';
import { planRequestBody, pumpRequestBody, readAfterWriteError } from './proxy-body.js';
import { endToEndHeaders, rewriteCookiePath, rewriteLocation } from './proxy-headers.js';

/**
 * Options of {@link proxy}.
 *
 * | option | default | meaning |
 * | --- | --- | --- |
 * | `identityHeader` | none | request header carrying `identity.id` to the upstream; client copies always removed |
 * | `timeout` | `30000` | ms until the upstream's response head; then 504; `0` = off |
 * | `preserveHost` | `false` | send the client's `Host` instead of the target's |
 * | `rewriteLocation` | `true` | map `Location` from the upstream's paths to the public ones |
 * | `rewriteCookiePath` | `true` | map `Set-Cookie` `Path=` the same way |
 * | `headers` | `{}` | extra request headers for the upstream (e.g. a shared secret) |
 * | `agent` | Node's global agent | an `http.Agent`/`https.Agent` (TLS options, pooling) |
 * | `logger` | `console.error` | receives upstream failures |
 */
export interface ProxyOptions {
  /**
   * Deliver `identity.id` (from `req.graft.identity`) in this header, e.g. `x-remote-user`.
   * Every client-sent copy — in any case, with `_` for `-` — is removed first, as are the common
   * identity headers in `PROTECTED_IDENTITY_HEADERS`; an anonymous request carries none.
   */
  identityHeader?: string;
  /** Milliseconds until the upstream must send its response head, then 504. Default 30 000; `0` = off. */
  timeout?: number;
  /** Forward the client's `Host` rather than the target's. Default `false` (X-Forwarded-Host has it). */
  preserveHost?: boolean;
  /** Rewrite `Location` from the upstream's path space to the public one. Default `true`. */
  rewriteLocation?: boolean;
  /** Rewrite `Set-Cookie` `Path=` from the upstream's path space to the public one. Default `true`. */
  rewriteCookiePath?: boolean;
  /** Extra request headers, set after the client's (they replace a client field of the same name). */
  headers?: Readonly<Record<string, string>>;
  /** The agent for upstream connections. Default: Node's global (keep-alive) agent. */
  agent?: HttpAgent | HttpsAgent;
  /** Where upstream failures are reported. Default `console.error`. */
  logger?: (message: string) => void;
}

/** How long an upstream connection whose upstream closed it mid-upload is still read for its answer. */
const UPSTREAM_CLOSE_GRACE_MS = 2000;

/** Request fields the proxy sets itself; client copies are replaced, not forwarded. */
const SET_BY_PROXY = new Set(['host', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-prefix', 'expect']);

/**
 * Creates a reverse-proxy gateway to `target` (`http:` or `https:`, optionally with a base path):
 * a request to `<mount>/a?b` goes to `<target path>/a?b`, byte for byte.
 *
 * - Both bodies stream with backpressure; a chunked upload stays chunked.
 * - Hop-by-hop fields are dropped both ways (Connection and the fields it names, Keep-Alive,
 *   TE, Trailer, Transfer-Encoding, Upgrade, Proxy-*).
 * - The upstream receives `X-Forwarded-For` (the client's list plus the client address, or
 *   `unknown` when the host did not pass one), `X-Forwarded-Proto`, `X-Forwarded-Host` and
 *   `X-Forwarded-Prefix` (the mount path), the last three replacing any client copy.
 * - `Location` and `Set-Cookie` `Path=` pointing into the upstream's base path are rewritten to
 *   the public prefix, so redirects and cookies work under the mount.
 * - Upstream unreachable or failing before its head: 502. No head within `timeout`: 504. Failing
 *   mid-body: the response is cut short. Client gone: the upstream request is aborted.
 *
 * Request bodies and upstream connections (request smuggling): the proxy and the upstream must
 * agree where each request ends, or the rest of a body becomes a request of its own on a pooled
 * connection — sent with the identity of whoever the next user is, or none at all.
 * - A body (any `Transfer-Encoding`, or a `Content-Length` other than 0) on GET, HEAD, TRACE or
 *   CONNECT, which have no defined body, is refused with 400 and `Connection: close`; nothing
 *   reaches the upstream. Send such queries as POST. An invalid or conflicting `Content-Length`: 400.
 * - A body on DELETE or OPTIONS (allowed, but with no defined use) is forwarded with
 *   `Connection: close`; that upstream connection is closed after the response, never reused.
 * - No upstream connection is reused after a framing doubt: a response that starts before the
 *   whole body was sent (the rest of the body is dropped once that response ends), a client that
 *   aborts its upload, or a body longer or shorter than its `Content-Length` (never a byte past
 *   it is sent; 502 if the response has not started). A body already read by middleware in front
 *   of the proxy (e.g. a body parser): 502 at once.
 * - The request head goes out before the body, so an upstream can refuse an upload early; its
 *   answer (413, 401…) reaches the client even if it closes the connection without reading the
 *   body, instead of a 502 for the failed body write.
 * - A rewritten `Location` is always a path-absolute reference on the public origin (never
 *   `//host` or `/\host`, see `rewriteLocation`); a `Set-Cookie` `Path=` rewrite never adds an
 *   attribute.
 *
 * @example
 * ```ts
 * const wiki = proxy('http://127.0.0.1:8080/wiki', { identityHeader: 'x-remote-user' });
 * export const GET = (request: Request) =>
 *   callNodeApp(wiki, request, { mountPath: '/wiki', identity: await currentUser() });
 * ```
 *
 * @throws {InvalidOptionError} for a target that is not an absolute http(s) URL without query,
 * or an invalid option.
 */
export function proxy(target: string | URL, options: ProxyOptions = {}): NodeRequestListener {
  let upstream: URL;
  try {
    upstream = new URL(target);
  } catch {
    throw new InvalidOptionError(`proxy: target ${JSON.stringify(String(target))} is not an absolute URL`);
  }
  if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:') {
    throw new InvalidOptionError('proxy: target must be an http: or https: URL');
  }
  if (upstream.search !== '' || upstream.hash !== '' || upstream.username !== '' || upstream.password !== '') {
    throw new InvalidOptionError('proxy: target must not carry a query, a fragment or credentials');
  }
  const timeout = options.timeout ?? 30_000;
  if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0) {
    throw new InvalidOptionError('proxy: timeout must be a number >= 0');
  }
  const identityHeader = options.identityHeader?.toLowerCase();
  if (identityHeader !== undefined && !/^[!#$%&'*+\-.^_`|~0-9a-z]+$/.test(identityHeader)) {
    throw new InvalidOptionError('proxy: identityHeader must be a header name');
  }
  const base = upstream.pathname.replace(/\/+$/, '');
  const secure = upstream.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  const hostname = upstream.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = upstream.port || (secure ? 443 : 80);
  const log = options.logger ?? ((message: string) => console.error(message));
  const protectedNames = new Set(PROTECTED_IDENTITY_HEADERS);
  if (identityHeader !== undefined) protectedNames.add(canonicalHeaderName(identityHeader));
  const extraHeaders = Object.entries(options.headers ?? {}).map(([n, v]) => [n.toLowerCase(), v] as const);

  return function proxyGateway(req: IncomingMessage, res: ServerResponse): void {
    const where = gatewayTarget(req);
    if (!where) {
      sendGatewayError(res, 400, 'Bad Request: the request target must be a path');
      return;
    }
    const headers: OutgoingHttpHeaders = endToEndHeaders(
      req.rawHeaders,
      (name) => SET_BY_PROXY.has(name) || protectedNames.has(canonicalHeaderName(name)),
    );
    const socket = req.socket as (typeof req.socket & { encrypted?: boolean }) | null;
    const forwardedFor = [headers['x-forwarded-for']].flat().filter((v): v is string => typeof v === 'string');
    forwardedFor.push(socket?.remoteAddress ?? 'unknown');
    headers['x-forwarded-for'] = forwardedFor.join(', ');
    headers['x-forwarded-proto'] = socket?.encrypted ? 'https' : 'http';
    if (req.headers.host !== undefined) headers['x-forwarded-host'] = req.headers.host;
    if (where.mountPath !== '') headers['x-forwarded-prefix'] = where.mountPath;
    headers.host = options.preserveHost && req.headers.host !== undefined ? req.headers.host : upstream.host;
    const identity = gatewayIdentity(req);
    if (identityHeader !== undefined && identity) headers[identityHeader] = identity.id;
    for (const [name, value] of extraHeaders) headers[name] = value;
    const body = planRequestBody(req);
    if (body.kind === 'refuse') {
      // Nothing reaches the upstream; the client connection is not trusted for another request.
      res.setHeader('connection', 'close');
      sendGatewayError(res, 400, `Bad Request: ${body.reason}`);
      return;
    }
    const withBody = body.kind === 'forward';
    if (withBody && req.readableEnded) {
      // A body parser in front read it: forwarding the head alone would leave the upstream waiting.
      log(`[graft proxy ${upstream.host}] ${req.method} ${where.pathInfo || '/'}: the request body was already read`);
      sendGatewayError(res, 502, 'Bad Gateway: the request body was already read before the proxy');
      return;
    }
    if (withBody && body.length === undefined) {
      // Node frames a body without a length as chunked only for some methods; be explicit.
      delete headers['content-length'];
      headers['transfer-encoding'] = 'chunked';
    }

    let timedOut = false;
    let clientGone = false;
    let timer: NodeJS.Timeout | undefined;
    const upstreamReq = send({
      hostname,
      port,
      method: req.method,
      path: (base + where.pathInfo || '/') + where.search,
      headers,
      agent: options.agent,
      setHost: false,
    });
    // Sent as `Connection: close`, and the socket is destroyed instead of pooled after the response.
    const dropConnection = (): void => {
      upstreamReq.shouldKeepAlive = false;
    };
    if (withBody && !body.pooled) dropConnection();

    const stopTimer = (): void => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    };
    if (timeout > 0) {
      timer = setTimeout(() => {
        timedOut = true;
        upstreamReq.destroy(new Error(`no response head within ${timeout} ms`));
      }, timeout);
    }

    res.once('close', () => {
      if (res.writableFinished) return;
      // The client left: stop the upstream request (pipeline stops the upstream response).
      clientGone = true;
      stopTimer();
      upstreamReq.destroy();
    });

    upstreamReq.on('error', (error: NodeJS.ErrnoException) => {
      stopTimer();
      if (clientGone) return;
      if (res.headersSent) return; // After the head, the response pipeline reports the failure.
      log(`[graft proxy ${upstream.host}] ${req.method} ${where.pathInfo || '/'}: ${error.message}`);
      if (timedOut) sendGatewayError(res, 504, 'Gateway Timeout: the upstream did not answer in time');
      else sendGatewayError(res, 502, `Bad Gateway: upstream ${error.code ?? 'error'}`);
    });

    upstreamReq.on('response', (upstreamRes) => {
      stopTimer();
      if (clientGone) {
        upstreamRes.destroy();
        return;
      }
      if (withBody && !upstreamReq.writableFinished) {
        // An answer before the whole body went out: the upstream may never read the rest, so the
        // connection is not reused, and what the body has not sent when the answer ends is dropped.
        dropConnection();
        upstreamRes.once('end', () => {
          if (!upstreamReq.writableFinished) upstreamReq.destroy();
        });
      }
      const out = endToEndHeaders(upstreamRes.rawHeaders);
      const location = out.location;
      if (typeof location === 'string' && options.rewriteLocation !== false) {
        out.location = rewriteLocation(location, upstream, base, where.mountPath);
      }
      const cookies = out['set-cookie'];
      if (cookies !== undefined && options.rewriteCookiePath !== false) {
        out['set-cookie'] = [cookies].flat().map((c) => rewriteCookiePath(c, base, where.mountPath));
      }
      try {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, out);
      } catch (error) {
        upstreamRes.destroy();
        log(`[graft proxy ${upstream.host}] unusable response head: ${String(error)}`);
        sendGatewayError(res, 502, 'Bad Gateway: invalid response head from the upstream');
        return;
      }
      pipeline(upstreamRes, res, (error) => {
        if (error && !clientGone) {
          log(`[graft proxy ${upstream.host}] response cut short: ${error.message}`);
        }
      });
    });

    const uploadBroken = (): void => {
      // The client's upload broke off: the upstream must not take a partial body as complete.
      if (req.complete) return;
      clientGone = true;
      stopTimer();
      upstreamReq.destroy();
    };
    req.once('error', uploadBroken);
    req.once('aborted', uploadBroken);
    req.once('close', uploadBroken);
    if (withBody) {
      // A refusal (413, 401) sent before the body is read, then a closed connection, still arrives.
      upstreamReq.once('socket', (socket) => readAfterWriteError(socket, UPSTREAM_CLOSE_GRACE_MS));
      upstreamReq.flushHeaders(); // So the upstream can answer (or refuse) before the body.
      pumpRequestBody(req, upstreamReq, body.length, (reason) => {
        dropConnection();
        upstreamReq.destroy();
        if (!req.readableEnded) req.resume();
        if (clientGone || res.headersSent) return;
        log(`[graft proxy ${upstream.host}] ${req.method} ${where.pathInfo || '/'}: ${reason}`);
        sendGatewayError(res, 502, 'Bad Gateway: the request body does not match its Content-Length');
      });
    } else upstreamReq.end();
  };
}
