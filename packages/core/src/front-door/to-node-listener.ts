/**
 * `toNodeListener`: the reverse of `callNodeApp` — serve a fetch-style handler
 * (`(Request) => Response`: Remix's and React Router's `createRequestHandler`, Hono's
 * `app.fetch`, anything web-standard) from a Node `http` server.
 *
 * The two conversions are `@remix-run/node-fetch-server`'s `createRequest` and `sendResponse`,
 * used as they are, because they already do the hard parts right (checked by the tests beside
 * this file): the request body is a stream that pauses the socket when the handler does not
 * read (backpressure), `request.signal` aborts when the client goes away before the response
 * finished, the response body is written with `res.write()`/`'drain'` backpressure, each
 * `Set-Cookie` stays its own field, and a client gone mid-body cancels the body stream.
 *
 * The lifecycle around them is ours rather than its `createRequestListener`, for what that one
 * cannot do:
 * - hand the front server's per-request context (identity, mount path) to the handler through
 *   the `Request` object itself ({@link getMountContext}); its listener never exposes the
 *   `Request` it built, and capturing it from outside would rely on when it awaits;
 * - give `onError` the failing `Request`, as `callNodeApp`'s `onError` gets it (one contract:
 *   `shared/error-hook.ts`);
 * - cancel the body of a response to `HEAD` (its `sendResponse` never reads it, so a streaming
 *   handler's stream would stay open forever);
 * - answer requests that cannot become a `Request` with the client's error (400, or 501 for
 *   the methods Fetch forbids, e.g. TRACE) instead of a 500, and refuse a handler result that is
 *   not a `Response` with a 500 instead of a crash inside `sendResponse`.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequest, sendResponse } from '@remix-run/node-fetch-server';
import { isClientGone } from '../bridge/client-gone.js';
import { linkMountContext } from '../bridge/fetch-context.js';
import { type ClientAddress, checkFetchResult, clientAddressOf, type FetchHandler, invokeFetchHandler } from '../bridge/fetch-handler.js';
import type { GraftContext } from '../bridge/request.js';
import { consultErrorHook, type FetchErrorInfo, failureResponse, type GraftErrorHandler, logFailure } from '../shared/error-hook.js';
import { InvalidOptionError } from '../shared/errors.js';
import { sendPlainText } from '../shared/plain-text.js';

// The handler's types live with the code that calls it (the bridge calls fetch apps too).
export type { ClientAddress, FetchHandler } from '../bridge/fetch-handler.js';

/** Options of {@link toNodeListener}. */
export interface ToNodeListenerOptions {
  /**
   * The authority of `request.url` (`example.com`, `example.com:8443`), instead of the client's
   * `Host` header: set it when the handler builds absolute links and the `Host` cannot be trusted.
   */
  host?: string;
  /**
   * The scheme of `request.url`. Default: `https:` on a TLS socket, else `http:`. Set `'https:'`
   * behind a proxy that terminates TLS.
   */
  protocol?: 'http:' | 'https:';
  /**
   * Called when the handler throws, rejects, returns something that is not a `Response`, or its
   * response body fails, with `{ where: 'app', request, req, headersSent }` — the one `onError`
   * contract of Graft ({@link GraftErrorHandler}). Before the head is sent, a returned `Response`
   * replaces the plain-text 500; afterwards the response is cut short and the hook only reports.
   * A hook that throws is logged. Default: `console.error`.
   */
  onError?: GraftErrorHandler<FetchErrorInfo>;
}

/** A Node request listener; its promise settles when the response is done and never rejects. */
export type FetchNodeListener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

// Methods a Fetch `Request` refuses to carry.
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/**
 * Serves a fetch-style handler from Node's `http`: the handler receives a `Request` whose body
 * streams from the socket as fast as it reads it and whose `signal` aborts when the client
 * disconnects; its `Response` streams back with backpressure.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { Hono } from 'hono';
 * import { toNodeListener } from '@graft/core';
 *
 * const app = new Hono().get('/', (c) => c.text('hi'));
 * createServer(toNodeListener(app.fetch)).listen(3000);
 * ```
 *
 * @throws {InvalidOptionError} for a `host` that is not a valid authority.
 */
export function toNodeListener(handler: FetchHandler, options: ToNodeListenerOptions = {}): FetchNodeListener {
  checkListenerOptions(options);
  return (req, res) => serveFetch(handler, req, res, options, undefined);
}

/** Validates {@link ToNodeListenerOptions} once, so a typo fails at startup, not per request. */
export function checkListenerOptions(options: ToNodeListenerOptions): void {
  if (options.host !== undefined) {
    // An authority alone: no user info, path, query or fragment, and parsable as a URL's host.
    if (!/^[^\s/?#@\\]+$/.test(options.host) || !URL.canParse(`http://${options.host}/`)) {
      throw new InvalidOptionError(`host ${JSON.stringify(options.host)} is not a host[:port] authority`);
    }
  }
  if (options.protocol !== undefined && options.protocol !== 'http:' && options.protocol !== 'https:') {
    throw new InvalidOptionError(`protocol must be 'http:' or 'https:', not ${JSON.stringify(options.protocol)}`);
  }
}

/**
 * Serves one request with `handler`. With a `context` (from the front server), the `Request` is
 * linked to it for {@link getMountContext} before the handler runs.
 */
export async function serveFetch(
  handler: FetchHandler,
  req: IncomingMessage,
  res: ServerResponse,
  options: ToNodeListenerOptions,
  context: Omit<GraftContext, 'request'> | undefined,
): Promise<void> {
  let request: Request;
  try {
    request = createRequest(req, res, { host: options.host, protocol: options.protocol });
  } catch {
    // Only the client's request can fail here: a Host that makes no URL, a forbidden method.
    const forbidden = FORBIDDEN_METHODS.has(req.method ?? '');
    if (!res.destroyed) sendPlainText(res, forbidden ? 501 : 400, forbidden ? 'Not Implemented' : 'Bad Request');
    return;
  }
  if (context) linkMountContext(request, { ...context, request });

  let response: Response;
  try {
    // Only a handler that declares the second parameter gets it (see FetchHandler): Remix's
    // `(request, loadContext = {})` must not receive the client address as its load context.
    response = checkFetchResult(await invokeFetchHandler(handler, request, () => clientAddress(req)));
  } catch (error) {
    if (request.signal.aborted) {
      // The client is gone: nobody to answer. A failure other than the abort itself is still news.
      if (!isClientGone(request, error)) consultErrorHook(options.onError, error, failureInfo(request, req, res), logError);
      return;
    }
    response = await failureResponse(options.onError, error, failureInfo(request, req, res), logError);
  }

  if (res.destroyed || request.signal.aborted) {
    cancelBody(response);
    return;
  }
  // sendResponse leaves the body of a HEAD response unread; release whatever produces it.
  if (req.method === 'HEAD') cancelBody(response);
  try {
    await sendResponse(res, response);
  } catch (error) {
    if (res.destroyed) return;
    if (res.headersSent) {
      // The body failed mid-way: cut the response short so the client sees it is incomplete.
      consultErrorHook(options.onError, error, failureInfo(request, req, res), logError);
      res.destroy(error instanceof Error ? error : undefined);
      return;
    }
    await sendFallback(res, await failureResponse(options.onError, error, failureInfo(request, req, res), logError));
  }
}

function failureInfo(request: Request, req: IncomingMessage, res: ServerResponse): FetchErrorInfo {
  return { where: 'app', request, req, headersSent: res.headersSent };
}

function clientAddress(req: IncomingMessage): ClientAddress {
  const socket = req.socket;
  return clientAddressOf(socket.remoteAddress, socket.remotePort, socket.remoteFamily);
}

function cancelBody(response: Response): void {
  const body = response.body;
  if (body && !body.locked) body.cancel().catch(() => {});
}

/** Sends the answer to a failure (the hook's, or the plain-text 500) if it still can; never throws. */
async function sendFallback(res: ServerResponse, response: Response): Promise<void> {
  if (res.destroyed || res.headersSent) return;
  try {
    await sendResponse(res, response);
  } catch {
    res.destroy();
  }
}

function logError(error: unknown): void {
  logFailure('the fetch handler failed', error);
}
