/**
 * `req.graft` for a Node app served directly by the front server (the fast path, no Fetch
 * conversion). `GraftContext.request` stays a `Request`, as apps served by `callNodeApp` get it,
 * but it is only built if the app reads it: a body-less view of the request (method, full URL,
 * headers after identity stripping, a signal that aborts when the client goes away). The body
 * belongs to `req` — as `GraftContext` says — so the view never touches the socket.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHeaders } from '@remix-run/node-fetch-server';
import type { GraftContext } from '../bridge/request.js';
import type { Identity } from '../shared/identity.js';

/** How the front server builds URLs: the same options `toNodeListener` takes. */
export interface UrlOptions {
  host?: string | undefined;
  protocol?: 'http:' | 'https:' | undefined;
}

/** Everything a Node app's {@link GraftContext} holds, besides the lazily built request. */
export interface NodeContextInit {
  identity: Identity | null;
  locals: Record<string, unknown>;
  mountPath: string;
  pathInfo: string;
}

/** Builds `req.graft` for a Node app; `request` is created on first read and then kept. */
export function createNodeGraftContext(
  req: IncomingMessage,
  res: ServerResponse | undefined,
  init: NodeContextInit,
  url: UrlOptions,
): GraftContext {
  let request: Request | undefined;
  return {
    identity: init.identity,
    locals: init.locals,
    mountPath: init.mountPath,
    pathInfo: init.pathInfo,
    get request(): Request {
      return (request ??= createRequestView(req, res, url));
    },
  };
}

/**
 * A body-less `Request` describing `req`: `originalUrl` (the full raw path) on the host from
 * `url.host` or the `Host` header, `req`'s method and current headers, and a signal aborted when
 * the response closes before it finished (the client went away) — or, for an upgrade (no `res`),
 * when the socket closes.
 *
 * @throws {TypeError} for what a `Request` cannot represent: a method Fetch forbids (`TRACE`) or
 * a `Host` header that makes no URL.
 */
export function createRequestView(req: IncomingMessage, res: ServerResponse | undefined, url: UrlOptions): Request {
  const protocol = url.protocol ?? ((req.socket as { encrypted?: boolean }).encrypted ? 'https:' : 'http:');
  const host = url.host ?? req.headers.host ?? 'localhost';
  const path = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  const controller = new AbortController();
  if (res === undefined) {
    if (req.socket.destroyed) controller.abort();
    else req.socket.once('close', () => controller.abort());
  } else if (!res.writableFinished) {
    if (res.destroyed) controller.abort();
    else res.once('close', () => res.writableFinished || controller.abort());
  }
  return new Request(`${protocol}//${host}${path}`, {
    method: req.method ?? 'GET',
    headers: createHeaders(req),
    signal: controller.signal,
  });
}
