/**
 * The fetch path of `callNodeApp`: a fetch app (Hono, h3 v2, `{ fetch: handler }`) runs for the
 * host's `Request` without a trip through Node objects, under the rules of the Node path — the
 * same prefix check and identity, the same timeout, client-gone and `onError` handling — and
 * under the conventions of `createMountServer`'s fetch mounts for what the handler sees:
 *
 * - the request URL unchanged, prefix included (route under it, e.g. Hono's `basePath`, or read
 *   `getMountContext(request).pathInfo`);
 * - the identity, locals, `mountPath` and `pathInfo` through `getMountContext(request)` /
 *   `getMountIdentity(request)`, linked to the very `Request` the handler gets;
 * - client-sent identity headers removed, `identityHeader` added, and the host's `url` and
 *   `requestHeaders` applied. Only then is the `Request` copied (`deriveRequest`); otherwise the
 *   handler gets the host's own.
 *
 * The handler's `Response` comes back as a new, mutable `Response` with the same head and the same
 * body stream, read through a pass-through that reports a body failing mid-way to `onError`.
 */

import { deriveRequest } from '../shared/derived-request.js';
import type { FetchErrorInfo } from '../shared/error-hook.js';
import { canonicalHeaderName, type Identity, protectedHeaderSet } from '../shared/identity.js';
import { plainTextResponse } from '../shared/plain-text.js';
import { appFailureResponse, reportAppFailure } from './app-failure.js';
import type { CallNodeAppOptions } from './call-options.js';
import { linkMountContext } from './fetch-context.js';
import { checkFetchResult, clientAddressOf, type FetchHandler, invokeFetchHandler } from './fetch-handler.js';
import { HeadWatch } from './head-watch.js';
import type { GraftContext } from './request.js';

/**
 * Runs `handler` for `context.request` (the host's `Request`, already checked and split by
 * `callNodeApp`) and settles with its `Response`, a 504, the failure's answer, or the client's
 * abort reason.
 */
export function callFetchApp(handler: FetchHandler, context: GraftContext, options: CallNodeAppOptions): Promise<Response> {
  const request = context.request;
  let presented: Request;
  try {
    presented = presentRequest(request, context.identity, options);
  } catch (error) {
    // The host's body was already read: new Request() refuses to copy it.
    return Promise.reject(error);
  }
  linkMountContext(presented, presented === request ? context : { ...context, request: presented });
  return new Promise<Response>((resolve, reject) => {
    new FetchCall(request, options, resolve, reject).start(handler, presented);
  });
}

/**
 * The `Request` the handler gets: the host's own, or — when a client sent an identity header,
 * `identityHeader` must be added, or the host gave `url` or `requestHeaders` — a copy with those
 * fixed. A copy keeps the body (streamed through) and follows the host's `signal`.
 */
function presentRequest(request: Request, identity: Identity | null, options: CallNodeAppOptions): Request {
  const { identityHeader, requestHeaders } = options;
  const protectedNames = protectedHeaderSet(identityHeader);
  let headers: Headers | undefined;
  for (const name of request.headers.keys()) {
    if (protectedNames.has(canonicalHeaderName(name))) {
      headers ??= new Headers(request.headers);
      headers.delete(name);
    }
  }
  if (identity && identityHeader !== undefined) {
    headers ??= new Headers(request.headers);
    headers.set(identityHeader, identity.id);
  }
  if (requestHeaders !== undefined) {
    for (const name in requestHeaders) {
      headers ??= new Headers(request.headers);
      headers.set(name, requestHeaders[name]!);
    }
  }
  const url = options.url;
  return headers || url !== undefined ? deriveRequest(request, { url, headers }) : request;
}

/**
 * Where a fetch call stands: `pending` until the handler answers; then one final state —
 * `answered` (the call resolved with its `Response`), `failed` (500 or `onError`'s `Response`),
 * `timed-out` (504), `client-gone` (the call rejected with `request.signal.reason`). As on the
 * Node path, a handler that settles after a final state is not heard: a late `Response` has its
 * body cancelled, a late failure is ignored.
 */
type FetchCallState = 'pending' | 'answered' | 'failed' | 'timed-out' | 'client-gone';

/** One fetch call: the handler, raced against the timeout and the client leaving. */
class FetchCall {
  #state: FetchCallState = 'pending';
  /** The timer and the abort listener, made only when the handler answers asynchronously. */
  #watch: HeadWatch | undefined;
  readonly #request: Request;
  readonly #options: CallNodeAppOptions;
  readonly #resolve: (response: Response) => void;
  readonly #reject: (reason: unknown) => void;

  constructor(request: Request, options: CallNodeAppOptions, resolve: (response: Response) => void, reject: (reason: unknown) => void) {
    this.#request = request;
    this.#options = options;
    this.#resolve = resolve;
    this.#reject = reject;
  }

  /** Calls the handler; the timer and the abort listener are armed only if it answers asynchronously. */
  start(handler: FetchHandler, presented: Request): void {
    const options = this.#options;
    let result: unknown;
    try {
      result = invokeFetchHandler(handler, presented, () => clientAddressOf(options.remoteAddress, options.remotePort));
    } catch (error) {
      this.#onFailure(error);
      return;
    }
    if (isThenable(result)) {
      this.#arm();
      result.then(this.#onResult, this.#onFailure);
    } else this.#onResult(result);
  }

  #arm(): void {
    this.#watch = new HeadWatch();
    this.#watch.arm(this.#request.signal, this.#options.timeout, this.#onTimeout, (reason) => this.#onClientGone(reason));
  }

  /** The handler answered: `pending` → `answered` with a usable `Response`, else → `failed`. */
  readonly #onResult = (value: unknown): void => {
    if (this.#state !== 'pending') {
      cancelBody(value);
      return;
    }
    let response: Response;
    try {
      response = this.#present(checkFetchResult(value));
    } catch (error) {
      this.#onFailure(error);
      return;
    }
    this.#watch?.disarm();
    this.#state = 'answered';
    this.#resolve(response);
  };

  /**
   * The handler threw, rejected or answered no usable `Response`: `pending` → `failed`, answered
   * by `onError`'s `Response` or a 500 (a throwing hook rejects the call).
   */
  readonly #onFailure = (error: unknown): void => {
    if (this.#state !== 'pending') return;
    this.#watch?.disarm();
    this.#state = 'failed';
    appFailureResponse(this.#options.onError, error, this.#info(false)).then(this.#resolve, this.#reject);
  };

  /** No `Response` within `timeout`: `pending` → `timed-out`, the call resolves with a 504. */
  readonly #onTimeout = (): void => {
    if (this.#state !== 'pending') return;
    this.#watch?.disarm();
    this.#state = 'timed-out';
    this.#resolve(plainTextResponse(504, 'Gateway Timeout: the embedded app did not answer in time'));
  };

  /** The client left before the handler answered: `pending` → `client-gone`, the call rejects with the reason. */
  #onClientGone(reason: unknown): void {
    if (this.#state !== 'pending') return;
    this.#watch?.disarm();
    this.#state = 'client-gone';
    this.#reject(reason);
  }

  /**
   * The host's copy of the handler's `Response`: same status, reason and headers (each
   * `Set-Cookie` kept), mutable; no body for `HEAD`, as on the Node path; otherwise the same
   * stream, read through {@link reportingBody}.
   */
  #present(response: Response): Response {
    let body: ReadableStream<Uint8Array> | null = response.body;
    if (body && (body.locked || response.bodyUsed))
      throw new TypeError('the fetch handler returned a Response whose body was already read');
    if (body && this.#request.method === 'HEAD') {
      body.cancel().catch(() => {});
      body = null;
    } else if (body) body = reportingBody(body, this.#onBodyFailure);
    return new Response(body as BodyInit | null, { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  /** The body failed mid-way: the host's read errors (the response is cut short) and `onError` hears of it — unless the client left. */
  readonly #onBodyFailure = (error: unknown): void => {
    if (this.#request.signal.aborted) return;
    reportAppFailure(this.#options.onError, error, this.#info(true));
  };

  #info(headersSent: boolean): FetchErrorInfo {
    return { where: 'app', request: this.#request, headersSent };
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function cancelBody(value: unknown): void {
  const body = (value as Partial<Response> | null)?.body;
  if (body instanceof ReadableStream && !body.locked) body.cancel().catch(() => {});
}

/**
 * `body`, passed through chunk by chunk as the host reads (no buffering of its own), telling
 * `failed` when reading it fails; cancelling it cancels `body`.
 */
function reportingBody(body: ReadableStream<Uint8Array>, failed: (error: unknown) => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        return reader.read().then(
          (chunk) => {
            if (chunk.done) controller.close();
            else controller.enqueue(chunk.value);
          },
          (error: unknown) => {
            failed(error);
            controller.error(error);
          },
        );
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
