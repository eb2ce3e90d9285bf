/**
 * One `callNodeApp` call, from running the app to the end of its response, as an object with
 * named states. Each event — Node fixes the head, the response finishes, the client leaves, the
 * socket is destroyed, the app fails, the timer fires — has one handler that moves between them,
 * so "what if the client leaves while the head is pending" is answered in one place
 * ({@link Exchange}'s `#onClientGone`). Every way out settles the call's promise exactly once and
 * gives the app the events a real Node server would give it.
 */
import { isResponse } from '../shared/error-hook.js';
import { protectedHeaderSet } from '../shared/identity.js';
import type { UrlParts } from '../shared/mount-path.js';
import { plainTextResponse } from '../shared/plain-text.js';
import { appFailureResponse, reportAppFailure } from './app-failure.js';
import type { AppPrototypes } from './app-prototypes.js';
import { type CallNodeAppOptions, DEFAULT_HIGH_WATER_MARK } from './call-options.js';
import { fetchResponse, isUnusableStatus } from './fetch-response.js';
import { HeadWatch } from './head-watch.js';
import type { NodeRequestListener } from './node-app.js';
import {
  connectionReset,
  createIncomingMessage,
  destroyRequest,
  type GraftContext,
  type GraftIncomingMessage,
  releaseRequestBody,
  settleRequestAfterResponse,
} from './request.js';
import { type BridgeResponse, closeFinishedResponse, closeSink, createServerResponse } from './response.js';
import { BridgeSocket } from './socket.js';

/**
 * Where a call stands. The first two are live; the rest are final. The timer guards
 * `head-pending`; the abort listener guards both live states. In the four closed states the
 * connection is over for the app: its socket is destroyed, its request sees `'aborted'` and
 * `'close'`, and writes fail as on a lost connection.
 *
 * | state | meaning | next |
 * | --- | --- | --- |
 * | `head-pending` | the app runs and has not sent its head; the call's promise is pending | `streaming`, `done`, `client-gone`, `timed-out`, `failed`, `abandoned` |
 * | `streaming` | the head went out: the promise resolved with the `Response`; the body flows | `done`, `client-gone`, `failed`, `abandoned` |
 * | `done` | the response completed (`'finish'`; rarely before its head was answered, which then still is); the app sees `'close'` as after a real response; a later app error is only reported | (final) |
 * | `client-gone` | `request.signal` aborted or the body was cancelled: the promise rejects with the reason, or the body stops | (final) |
 * | `timed-out` | no head within `timeout`: the promise resolves with a 504 | (final) |
 * | `failed` | the app threw, rejected, emitted `'error'` (500, or `onError`'s `Response`), or sent a status no `Response` can carry (502); after the head, the body is cut short | (final) |
 * | `abandoned` | the app destroyed its connection (`res.destroy()`, `req.destroy()`, `socket.destroy()`): a 502, or the body cut short | (final) |
 */
export type ExchangeState = 'head-pending' | 'streaming' | 'done' | 'client-gone' | 'timed-out' | 'failed' | 'abandoned';

/** The final states in which the connection ended before the response finished. */
type ClosedState = 'client-gone' | 'timed-out' | 'failed' | 'abandoned';

/** The mistake of passing a fetch handler where a Node listener goes, caught when it returns. */
function returnedResponse(): TypeError {
  return new TypeError(
    'the (req, res) listener returned a Response: a function is always run as a Node listener; ' +
      'pass a fetch handler as { fetch: handler } (a Hono or h3 v2 app as it is)',
  );
}

/**
 * One call's lifecycle: builds the app's socket, `req` and `res` for a prepared request, runs the
 * app ({@link Exchange.start}) and settles the call's promise through `resolve` and `reject`.
 *
 * The handlers of the events that Node objects deliver are arrow fields, passed to those objects
 * as they are: no wrapper per call, and no extra frame in the stack of an error they create.
 */
export class Exchange {
  #state: ExchangeState = 'head-pending';
  /**
   * The call's promise is settled (or, while `onError` decides, promised). Only `head-pending` is
   * unsettled, with one exception: `'finish'` can come before the head's microtask (an app that
   * ends in the tick it starts, run from a macrotask), so `done` may still await its head.
   */
  #settled = false;
  /**
   * The `timeout` timer while the head is pending, and the listener on `request.signal` while the
   * connection is live; made only when armed (an app that answers at once never needs it).
   */
  #watch: HeadWatch | undefined;
  readonly #request: Request;
  readonly #options: CallNodeAppOptions;
  readonly #resolve: (response: Response) => void;
  readonly #reject: (reason: unknown) => void;
  readonly #socket: BridgeSocket;
  readonly #req: GraftIncomingMessage;
  readonly #res: BridgeResponse;

  /**
   * Builds the app's connection: the socket, `req` fed from the `Request`, `res` feeding the
   * `Response` — on the app's own prototypes when it has them (`app-prototypes.ts`).
   */
  constructor(
    context: GraftContext,
    url: UrlParts,
    options: CallNodeAppOptions,
    prototypes: AppPrototypes | undefined,
    resolve: (response: Response) => void,
    reject: (reason: unknown) => void,
  ) {
    const request = context.request;
    const identity = context.identity;
    const highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
    this.#request = request;
    this.#options = options;
    this.#resolve = resolve;
    this.#reject = reject;
    const socket = new BridgeSocket({
      remoteAddress: options.remoteAddress,
      remotePort: options.remotePort,
      localPort: Number(url.host.slice(url.host.lastIndexOf(':') + 1)) || (url.secure ? 443 : 80),
      encrypted: url.secure,
      highWaterMark,
    });
    const req = createIncomingMessage({
      request,
      socket,
      url: context.pathInfo + url.search,
      originalUrl: url.path + url.search,
      host: url.host,
      context,
      protectedHeaders: protectedHeaderSet(options.identityHeader),
      identityHeader: identity && options.identityHeader ? [options.identityHeader, identity.id] : undefined,
      requestHeaders: options.requestHeaders,
      prototype: prototypes?.request,
    });
    socket.incoming = req;
    const res = createServerResponse(req, socket, highWaterMark, this.#onHeadFixed, this.#onClientGone, prototypes?.response);
    if (options.locals) (res as BridgeResponse & { locals: object }).locals = { ...options.locals };
    socket.onDestroy = this.#onSocketDestroyed;
    this.#socket = socket;
    this.#req = req;
    this.#res = res;
  }

  /** Where the call stands. */
  get state(): ExchangeState {
    return this.#state;
  }

  /** Runs the app; then, unless it has already ended its response, arms the timer and the abort listener. */
  start(listener: NodeRequestListener): void {
    const res = this.#res;
    res.on('finish', this.#onFinish);
    res.on('error', this.#onAppError);
    try {
      const result = listener(this.#req, res) as PromiseLike<unknown> | undefined;
      if (result && typeof result.then === 'function') {
        result.then((value) => {
          if (isResponse(value)) this.#onAppError(returnedResponse());
        }, this.#onAppError);
      } else if (isResponse(result)) this.#onAppError(returnedResponse());
    } catch (error) {
      this.#onAppError(error);
    }
    // Neither an abort nor a timer can fire while the app runs synchronously, so both are armed
    // only now, and not at all when the app already ended its response (the common case), which
    // spares every such call a listener and a timer.
    if (this.#state === 'head-pending' && !res.writableEnded) this.#arm();
  }

  #arm(): void {
    this.#watch = new HeadWatch();
    this.#watch.arm(
      this.#request.signal,
      this.#options.timeout,
      () => this.#onTimeout(),
      (reason) => this.#onClientGone(reason),
    );
  }

  #isLive(): boolean {
    return this.#state === 'head-pending' || this.#state === 'streaming';
  }

  /** Settles the call's promise with `response`, unless it is settled already. */
  #answer(response: Response): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#resolve(response);
  }

  /** A live state → `state`: the guards go, and the body stops (with `reason` as its error). */
  #close(state: ClosedState, reason: unknown): void {
    this.#state = state;
    this.#watch?.disarm();
    closeSink(this.#res, reason);
  }

  /** A live state → `state`, and the connection is destroyed; nothing in a final state. */
  #abandon(state: ClosedState, error: unknown): void {
    if (!this.#isLive()) return;
    this.#close(state, error);
    this.#socket.destroy();
  }

  /** Node fixed the head: it is answered a microtask later, so that a head and an `end()` in the same tick are seen whole. */
  readonly #onHeadFixed = (): void => queueMicrotask(this.#onHead);

  /**
   * The head, a microtask after Node fixed it: `head-pending` → `streaming`, the promise resolves
   * with the `Response`; or → `failed` with a 502 for a status no `Response` can carry. In `done`,
   * the head of a response that finished first is answered all the same.
   */
  readonly #onHead = (): void => {
    if (this.#settled) return;
    this.#watch?.stopTimer();
    const res = this.#res;
    const status = res.statusCode;
    if (isUnusableStatus(status)) {
      this.#answer(plainTextResponse(502, `Bad Gateway: the embedded app sent status ${status}, which a Response cannot carry`));
      this.#abandon('failed', new RangeError(`invalid status ${status}`));
      return;
    }
    this.#answer(fetchResponse(res, this.#req.method));
    if (this.#state === 'head-pending') this.#state = 'streaming';
  };

  /**
   * The response completed (`'finish'`): a live state → `done`, and what Node's server does then —
   * an unread request body is dumped, the socket detached and destroyed, `res` emits `'close'`.
   */
  readonly #onFinish = (): void => {
    if (this.#isLive()) this.#state = 'done';
    this.#watch?.disarm();
    settleRequestAfterResponse(this.#req);
    closeFinishedResponse(this.#res, this.#socket);
    this.#socket.destroy();
  };

  /**
   * The client left (`request.signal` aborted, or the host cancelled the body): a live state →
   * `client-gone`. While the head is pending the promise rejects with `reason`, as `fetch` does;
   * while streaming, the body errors with it. Either way the app sees its connection close.
   */
  readonly #onClientGone = (reason: unknown): void => {
    if (!this.#isLive()) return;
    this.#close('client-gone', reason);
    if (!this.#settled) {
      this.#settled = true;
      this.#reject(reason);
    }
    this.#socket.destroy();
  };

  /**
   * The socket was destroyed — by this exchange, or by the app (`res.destroy()`, `req.destroy()`,
   * `socket.destroy()`): a live state → `abandoned` (a 502, or the body cut short). In every state
   * but `done`, the request then ends as on a lost connection, as Node's server would end it.
   */
  readonly #onSocketDestroyed = (error: Error | undefined): void => {
    if (this.#state === 'done') return;
    if (this.#isLive()) {
      this.#close('abandoned', error ?? new Error('the embedded app closed the connection'));
      this.#answer(plainTextResponse(502, 'Bad Gateway: the embedded app closed the connection without a response'));
    }
    releaseRequestBody(this.#req);
    destroyRequest(this.#req, connectionReset(error));
  };

  /**
   * The app threw, rejected, or emitted `'error'` on `res`: `head-pending` → `failed`, answered by
   * `onError`'s `Response` or a 500 (a throwing hook rejects the call); `streaming` → `failed`, the
   * failure reported and the body cut short. In `done` it is only reported; in a closed state, ignored.
   */
  readonly #onAppError = (error: unknown): void => {
    if (!this.#isLive() && this.#state !== 'done') return;
    const info = { where: 'app', request: this.#request, headersSent: this.#state !== 'head-pending' } as const;
    if (info.headersSent) {
      // Headers are out: cut the body short so the client sees a truncated response.
      reportAppFailure(this.#options.onError, error, info);
      this.#abandon('failed', error);
      return;
    }
    this.#settled = true;
    this.#abandon('failed', error);
    // Unlike a server's, this hook may throw: the host called callNodeApp and gets the rejection.
    appFailureResponse(this.#options.onError, error, info).then(this.#resolve, this.#reject);
  };

  /** No head within `timeout`: `head-pending` → `timed-out`, the promise resolves with a 504. */
  #onTimeout(): void {
    this.#answer(plainTextResponse(504, 'Gateway Timeout: the embedded app did not answer in time'));
    this.#abandon('timed-out', new Error('timed out'));
  }
}
