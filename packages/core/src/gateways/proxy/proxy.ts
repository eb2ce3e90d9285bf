/**
 * `proxy(target, options)`: an HTTP reverse-proxy gateway as a Node `(req, res)` listener, so an
 * app written in any language, running as its own HTTP server, mounts like a Node app — with the
 * host's identity handed over in a trusted header.
 *
 * The bytes travel through Node's own `http`/`https` client. This file checks the options once
 * (`proxy-options.ts`) and decides per request whether it may go upstream at all (a path target,
 * a body that may be forwarded); the request's lifecycle — upstream unreachable (502), too slow
 * (504), gone mid-body (cut short), the client leaving (the upstream request is aborted) — is a
 * `ProxyExchange` (`proxy-exchange.ts`), and the heads both ways are built in `proxy-heads.ts`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NodeRequestListener } from '../../bridge/node-app.js';
import { answerGatewayFailure, GatewayError } from '../gateway-failure.js';
import { gatewayTarget, sendGatewayError } from '../gateway-request.js';
import { planRequestBody } from './proxy-body.js';
import { ProxyExchange } from './proxy-exchange.js';
import { type ProxyOptions, resolveProxyConfig } from './proxy-options.js';

export type { ProxyOptions } from './proxy-options.js';

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
  const config = resolveProxyConfig(target, options);

  return function proxyGateway(req: IncomingMessage, res: ServerResponse): void {
    const where = gatewayTarget(req);
    if (!where) {
      sendGatewayError(res, 400, 'Bad Request: the request target must be a path');
      return;
    }
    const body = planRequestBody(req);
    if (body.kind === 'refuse') {
      // Nothing reaches the upstream; the client connection is not trusted for another request.
      res.setHeader('connection', 'close');
      sendGatewayError(res, 400, `Bad Request: ${body.reason}`);
      return;
    }
    if (body.kind === 'forward' && req.readableEnded) {
      // A body parser in front read it: forwarding the head alone would leave the upstream waiting.
      const read = new GatewayError('GRAFT_GATEWAY_FAILED', `${req.method} ${where.pathInfo || '/'}: the request body was already read`);
      answerGatewayFailure(config, req, res, read, {
        status: 502,
        text: 'Bad Gateway: the request body was already read before the proxy',
      });
      return;
    }
    new ProxyExchange(config, req, res, where, body).start();
  };
}
