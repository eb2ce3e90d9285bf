/**
 * `callNodeApp`: run a Node (req, res) app for a Fetch `Request` and get a Fetch `Response` back.
 *
 * This file is the lifecycle: it wires the request and response halves together and decides what
 * happens at every way a call can end — the app answers, the client goes away (`request.signal`
 * or the body is cancelled), the app fails, the app abandons the connection, or nothing happens
 * until the timeout. Every path settles the returned promise exactly once and lets the app see
 * the same events a real Node server would give it.
 */
import { ServerResponse } from 'node:http';
import { InvalidOptionError } from '../shared/errors.js';
import { headerPairsFromHeaderBlock, isNullBodyStatus } from '../shared/headers.js';
import { type IdentityInput, normalizeIdentity, protectedHeaderSet } from '../shared/identity.js';
import { splitMount, splitUrl } from '../shared/mount-path.js';
import { type NodeApp, type NodeRequestListener, resolveNodeApp } from './node-app.js';
import {
  connectionReset,
  createIncomingMessage,
  destroyRequest,
  type GraftContext,
  releaseRequestBody,
  settleRequestAfterResponse,
} from './request.js';
import { type BridgeResponse, closeSink, createServerResponse, takeBody } from './response.js';
import { BridgeSocket } from './socket.js';

/** Options of {@link callNodeApp}. */
export interface CallNodeAppOptions {
  /**
   * The tail of the request path the app should see as its own path (WSGI's PATH_INFO), e.g.
   * `/notes/1` for a request to `/tools/notes/1` mounted at `/tools`. Raw or decoded; it must
   * be a tail of the raw path starting at a `/`, or a {@link MountMismatchError} is thrown
   * before the app runs. `''` means the mount itself (the app sees `/`).
   */
  pathInfo?: string;
  /**
   * The alternative to `pathInfo`: the prefix the host consumed (WSGI's SCRIPT_NAME), e.g.
   * `/tools`. It must end at a `/` boundary of the raw path. Without either, the app is mounted
   * at the root and sees the whole path.
   */
  mountPath?: string;
  /**
   * Who is signed in, as the host vouches for it: an {@link Identity}, a bare user id, or `null`
   * for an anonymous request. The app reads it from `req.graft.identity` (and from
   * `identityHeader`, if set).
   */
  identity?: IdentityInput;
  /**
   * Also deliver `identity.id` in this request header (e.g. `x-remote-user`), for apps that read
   * a trusted header. Client-sent copies of it — in any case, with `_` for `-` — are always
   * removed, as are the common identity headers listed in `PROTECTED_IDENTITY_HEADERS`.
   */
  identityHeader?: string;
  /** Per-call values for the app: `req.graft.locals`, and Express's `res.locals`. */
  locals?: Record<string, unknown>;
  /** The client's address (`req.socket.remoteAddress`, Express's `req.ip`). */
  remoteAddress?: string;
  /** The client's port (`req.socket.remotePort`). */
  remotePort?: number;
  /**
   * Milliseconds the app has to send its response head; after that the call resolves with 504
   * and the app sees its connection close. Default 30 000; `0` disables it. Streaming responses
   * are not limited once their head is sent.
   */
  timeout?: number;
  /**
   * How many response bytes may wait for the host to read them before `res.write()` returns
   * false. Default 64 KiB.
   */
  highWaterMark?: number;
  /**
   * Called when the app throws, rejects or emits `'error'` on `res`. Before the head is sent, a
   * returned `Response` replaces the default bare 500, and a thrown error rejects
   * `callNodeApp`'s promise (rethrowing to the host). Afterwards the body is cut short and the
   * hook only reports. Default: `console.error`.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that only reports returns nothing; `void` lets it.
  onError?: (error: unknown, request: Request) => Response | void | Promise<Response | void>;
}

// Called on Node's own prototype: after the app runs, `res` may sit on someone else's chain.
const detachSocket = ServerResponse.prototype.detachSocket;

const DEFAULT_TIMEOUT = 30_000;
const DEFAULT_HIGH_WATER_MARK = 64 * 1024;

// RFC 9110 reason-phrase; a Response rejects anything else.
const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/;

function plainResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

function logError(error: unknown): void {
  console.error('[graft] the embedded app failed:', error);
}

/**
 * Runs a Node HTTP app for `request`, in-process, and resolves with its response as soon as the
 * app has sent the response head. The body streams from the app's writes with backpressure.
 *
 * The app gets a real `http.IncomingMessage` and `http.ServerResponse`, so Express 4/5, Koa,
 * Connect, Fastify and plain listeners run unchanged; see {@link NodeApp} for what `app` may be.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { callNodeApp } from '@graft/core';
 *
 * const app = express().get('/hello', (req, res) => res.send(`hi ${req.graft.identity?.id}`));
 *
 * export async function GET(request: Request) {
 *   return callNodeApp(app, request, { mountPath: '/tools', identity: 'alice' });
 * }
 * ```
 *
 * @returns The app's response: an ordinary, mutable `Response`. If the client aborts before the
 * head is sent, the promise rejects with `request.signal.reason`, as `fetch` does.
 * @throws {MountMismatchError} (as a rejection) when `pathInfo`/`mountPath` do not fit the path.
 * @throws {InvalidIdentityError} (as a rejection) for an identity that cannot be delivered.
 */
export function callNodeApp(app: NodeApp, request: Request, options: CallNodeAppOptions = {}): Promise<Response> {
  let listener: NodeRequestListener | Promise<NodeRequestListener>;
  try {
    listener = resolveNodeApp(app);
  } catch (error) {
    return Promise.reject(error);
  }
  if (typeof listener === 'function') return run(listener, request, options);
  return listener.then((ready) => run(ready, request, options));
}

function run(listener: NodeRequestListener, request: Request, options: CallNodeAppOptions): Promise<Response> {
  const signal = request.signal;
  if (signal.aborted) return Promise.reject(signal.reason);
  const url = splitUrl(request.url);
  let context: GraftContext;
  let identityHeader: [string, string] | undefined;
  try {
    validateOptions(options);
    const split = splitMount(url.path, options);
    const identity = normalizeIdentity(options.identity);
    if (identity && options.identityHeader) identityHeader = [options.identityHeader, identity.id];
    context = {
      identity,
      locals: options.locals ?? {},
      mountPath: split.mountPath,
      pathInfo: split.pathInfo,
      request,
    };
  } catch (error) {
    return Promise.reject(error);
  }

  return new Promise<Response>((resolve, reject) => {
    /** The promise is settled (with the app's head, an error response, or a rejection). */
    let settled = false;
    /** The app's response completed normally ('finish'). */
    let finished = false;
    /** The connection is over for the app: client gone, timed out, failed or abandoned. */
    let gone = false;
    let timer: NodeJS.Timeout | undefined;

    const socket = new BridgeSocket({
      remoteAddress: options.remoteAddress,
      remotePort: options.remotePort,
      localPort: Number(url.host.slice(url.host.lastIndexOf(':') + 1)) || (url.secure ? 443 : 80),
      encrypted: url.secure,
      highWaterMark: options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK,
    });
    const req = createIncomingMessage({
      request,
      socket,
      url: context.pathInfo + url.search,
      originalUrl: url.path + url.search,
      host: url.host,
      context,
      protectedHeaders: protectedHeaderSet(options.identityHeader),
      identityHeader,
    });
    socket.incoming = req;
    const res = createServerResponse(
      req,
      socket,
      options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK,
      () => queueMicrotask(publish),
      (reason) => clientGone(reason),
    );
    if (options.locals) (res as BridgeResponse & { locals: object }).locals = { ...options.locals };

    const settle = (response: Response): void => {
      if (settled) return;
      settled = true;
      resolve(response);
    };

    let listening = false;
    const cleanup = (): void => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (listening) signal.removeEventListener('abort', onAbort);
      listening = false;
    };

    /** Node has fixed the head (deferred a microtask so a same-tick `end()` is seen whole). */
    function publish(): void {
      if (settled) return;
      if (timer) clearTimeout(timer);
      timer = undefined;
      const status = res.statusCode;
      if (status < 200 || status > 599) {
        // Node allows 100-999; a Fetch Response only 200-599.
        settle(plainResponse(502, `Bad Gateway: the embedded app sent status ${status}, which a Response cannot carry`));
        abandon(new RangeError(`invalid status ${status}`));
        return;
      }
      const bodyless = req.method === 'HEAD' || isNullBodyStatus(status);
      const headers = headerPairsFromHeaderBlock(res._header!);
      const statusText = res.statusMessage;
      settle(
        new Response(takeBody(res, bodyless) as BodyInit | null, {
          status,
          headers,
          statusText: statusText && REASON_PHRASE.test(statusText) ? statusText : '',
        }),
      );
    }

    /** The response completed: what Node's server does after 'finish'. */
    function onFinish(): void {
      finished = true;
      cleanup();
      settleRequestAfterResponse(req);
      detachSocket.call(res, socket as never);
      process.nextTick(emitClose, res);
      socket.destroy();
    }

    /** The client is gone (signal, body cancel) or we gave up waiting: end it for the app. */
    function clientGone(reason: unknown): void {
      if (finished || gone) return;
      gone = true;
      cleanup();
      closeSink(res, reason);
      if (!settled) {
        settled = true;
        reject(reason);
      }
      socket.destroy();
    }

    /** The socket was destroyed, by us or by the app; tell the request as Node's server does. */
    socket.onDestroy = (error) => {
      if (finished) return;
      if (!gone) {
        // The app dropped the connection (res.destroy(), req.destroy(), socket.destroy()).
        gone = true;
        cleanup();
        closeSink(res, error ?? new Error('the embedded app closed the connection'));
        settle(plainResponse(502, 'Bad Gateway: the embedded app closed the connection without a response'));
      }
      releaseRequestBody(req);
      destroyRequest(req, connectionReset(error));
    };

    function abandon(error: unknown): void {
      if (finished || gone) return;
      gone = true;
      cleanup();
      closeSink(res, error);
      socket.destroy();
    }

    /** The app threw, rejected, or emitted 'error' on `res`. */
    function fail(error: unknown): void {
      if (gone) return;
      if (finished || settled) {
        // Headers are out: cut the body short so the client sees a truncated response.
        if (options.onError) {
          Promise.resolve()
            .then(() => options.onError!(error, request))
            .catch(logError);
        } else logError(error);
        abandon(error);
        return;
      }
      settled = true;
      abandon(error);
      Promise.resolve()
        .then(() => (options.onError ? options.onError(error, request) : logError(error)))
        .then(
          (replacement) => resolve(replacement instanceof Response ? replacement : plainResponse(500, 'Internal Server Error')),
          reject,
        );
    }

    function onAbort(): void {
      clientGone(signal.reason);
    }

    res.on('finish', onFinish);
    res.on('error', fail);

    try {
      const result = listener(req, res) as PromiseLike<unknown> | undefined;
      if (result && typeof result.then === 'function') result.then(undefined, fail);
    } catch (error) {
      fail(error);
    }

    // Neither an abort nor a timer can fire while the app runs synchronously, so both are armed
    // only now, and not at all when the app already ended its response (the common case), which
    // spares every such call a listener and a timer.
    if (res.writableEnded || gone) return;
    const timeout = options.timeout ?? DEFAULT_TIMEOUT;
    if (timeout > 0 && Number.isFinite(timeout) && !settled) {
      timer = setTimeout(() => {
        timer = undefined;
        settle(plainResponse(504, 'Gateway Timeout: the embedded app did not answer in time'));
        abandon(new Error('timed out'));
      }, timeout);
      timer.unref();
    }
    signal.addEventListener('abort', onAbort);
    listening = true;
  });
}

// RFC 9110 token: the only shape a header name may have.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Wiring mistakes are reported as typed errors before the app runs, not as odd behaviour. */
function validateOptions(options: CallNodeAppOptions): void {
  const { identityHeader, timeout, highWaterMark } = options;
  if (identityHeader !== undefined && !TOKEN.test(identityHeader)) {
    throw new InvalidOptionError(`identityHeader ${JSON.stringify(identityHeader)} is not a valid header name`);
  }
  if (timeout !== undefined && !(timeout >= 0)) {
    throw new InvalidOptionError(`timeout must be a number of milliseconds >= 0, got ${String(timeout)}`);
  }
  if (highWaterMark !== undefined && !(highWaterMark > 0 && Number.isFinite(highWaterMark))) {
    throw new InvalidOptionError(`highWaterMark must be a positive number of bytes, got ${String(highWaterMark)}`);
  }
}

function emitClose(res: BridgeResponse): void {
  const r = res as BridgeResponse & { _closed: boolean };
  if (!r._closed) {
    r.destroyed = true;
    r._closed = true;
    r.emit('close');
  }
}
