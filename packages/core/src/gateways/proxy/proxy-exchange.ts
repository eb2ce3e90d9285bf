/**
 * One proxied request, from the request head going upstream to the last byte of the answer, as
 * an object with named states. Each event (the timer, the upstream's error or response head, the
 * client leaving, the body not matching its length) is one method that moves between them, so
 * "what if the client leaves while the head is pending" is answered in one place.
 */
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { answerGatewayFailure, GatewayError, type GatewayErrorCode, reportGatewayFailure } from '../gateway-failure.js';
import type { GatewayTarget } from '../gateway-request.js';
import { type BodyPlan, pumpRequestBody, readAfterWriteError } from './proxy-body.js';
import { clientResponseHeaders, upstreamRequestHeaders } from './proxy-heads.js';
import type { ProxyConfig } from './proxy-options.js';

/** How long an upstream connection whose upstream closed it mid-upload is still read for its answer. */
const UPSTREAM_CLOSE_GRACE_MS = 2000;

/**
 * Where a proxied request stands.
 *
 * | state | meaning | next |
 * | --- | --- | --- |
 * | `awaiting-head` | the request is going upstream; no response head yet; the timer runs | `timed-out`, `streaming`, `answered`, `client-gone` |
 * | `timed-out` | no head within `timeout`: the upstream request is destroyed, its error answers 504 | `answered`, `client-gone` |
 * | `streaming` | the upstream's head went to the client; its body is piping | `done`, `client-gone` |
 * | `answered` | the gateway answered itself (502, 504); the upstream is no longer wanted | `client-gone` |
 * | `done` | the upstream's body was relayed whole, or cut short (and logged) | `client-gone` |
 * | `client-gone` | the client left or its upload broke off: the upstream request is destroyed | (final) |
 */
export type ProxyExchangeState = 'awaiting-head' | 'timed-out' | 'streaming' | 'answered' | 'done' | 'client-gone';

/** The body plan of a request the proxy sends upstream (refused bodies never get this far). */
export type SentBodyPlan = Exclude<BodyPlan, { kind: 'refuse' }>;

/**
 * A request on its way through the proxy. Create it once the request was accepted (a path target,
 * a body that may be forwarded), then call {@link ProxyExchange.start}.
 */
export class ProxyExchange {
  #state: ProxyExchangeState = 'awaiting-head';
  #timer: NodeJS.Timeout | undefined;
  readonly #config: ProxyConfig;
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  readonly #where: GatewayTarget;
  readonly #body: SentBodyPlan;
  readonly #upstreamReq: ClientRequest;

  /** Builds the upstream request head and opens the upstream request (nothing is sent yet). */
  constructor(config: ProxyConfig, req: IncomingMessage, res: ServerResponse, where: GatewayTarget, body: SentBodyPlan) {
    this.#config = config;
    this.#req = req;
    this.#res = res;
    this.#where = where;
    this.#body = body;
    this.#upstreamReq = config.send({
      hostname: config.hostname,
      port: config.port,
      method: req.method,
      path: (config.base + where.pathInfo || '/') + where.search,
      headers: upstreamRequestHeaders(req, where, body, config),
      agent: config.options.agent,
      setHost: false,
    });
  }

  /** Where the request stands. */
  get state(): ProxyExchangeState {
    return this.#state;
  }

  /** Arms the timer, listens to both sides, and sends the request head and body upstream. */
  start(): void {
    const upstreamReq = this.#upstreamReq;
    if (this.#body.kind === 'forward' && !this.#body.pooled) this.#dropConnection();
    const { timeout } = this.#config;
    if (timeout > 0) this.#timer = setTimeout(() => this.#onTimeout(), timeout);
    this.#res.once('close', () => this.#onClientClose());
    upstreamReq.on('error', (error: NodeJS.ErrnoException) => this.#onUpstreamError(error));
    upstreamReq.on('response', (upstreamRes) => this.#onResponseHead(upstreamRes));
    const uploadBroken = (): void => this.#onUploadBroken();
    this.#req.once('error', uploadBroken);
    this.#req.once('aborted', uploadBroken);
    this.#req.once('close', uploadBroken);
    if (this.#body.kind === 'forward') this.#sendBody(this.#body.length);
    else upstreamReq.end();
  }

  /** Whether the gateway may still answer the client itself: no head has gone out, nobody left. */
  #awaitingHead(): boolean {
    return this.#state === 'awaiting-head' || this.#state === 'timed-out';
  }

  /** Moves to `state`; the timer only ever guards `awaiting-head`. */
  #enter(state: ProxyExchangeState): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#state = state;
  }

  /** Sent as `Connection: close`, and the socket is destroyed instead of pooled after the response. */
  #dropConnection(): void {
    this.#upstreamReq.shouldKeepAlive = false;
  }

  /** A failure of this request, named by its method and path: `GET /a: connect ECONNREFUSED …`. */
  #requestError(message: string, cause?: unknown, code: GatewayErrorCode = 'GRAFT_GATEWAY_FAILED'): GatewayError {
    const options = cause === undefined ? undefined : { cause };
    return new GatewayError(code, `${this.#req.method} ${this.#where.pathInfo || '/'}: ${message}`, options);
  }

  /** `awaiting-head` → `answered`: the failure is reported, and answered (the hook's `Response`, else plain text). */
  #answer(error: GatewayError, status: 502 | 504, text: string): void {
    this.#enter('answered');
    answerGatewayFailure(this.#config, this.#req, this.#res, error, { status, text });
  }

  /** `awaiting-head` → `timed-out`: the upstream request fails with an error that answers 504. */
  #onTimeout(): void {
    if (this.#state !== 'awaiting-head') return;
    this.#state = 'timed-out';
    this.#upstreamReq.destroy(new Error(`no response head within ${this.#config.timeout} ms`));
  }

  /** Any state → `client-gone`, unless the response finished: stop the upstream request (pipeline stops its response). */
  #onClientClose(): void {
    if (this.#res.writableFinished) return;
    this.#clientGone();
  }

  /** Any state → `client-gone`, unless the upload completed: the upstream must not take a partial body as complete. */
  #onUploadBroken(): void {
    if (this.#req.complete) return;
    this.#clientGone();
  }

  #clientGone(): void {
    this.#enter('client-gone');
    this.#upstreamReq.destroy();
  }

  /** Unreachable, refused, reset or timed out before the head: 502 or 504. After the head the pipeline reports. */
  #onUpstreamError(error: NodeJS.ErrnoException): void {
    if (!this.#awaitingHead()) return;
    if (this.#state === 'timed-out') {
      const timedOut = this.#requestError(error.message, error, 'GRAFT_GATEWAY_TIMEOUT');
      this.#answer(timedOut, 504, 'Gateway Timeout: the upstream did not answer in time');
    } else this.#answer(this.#requestError(error.message, error), 502, `Bad Gateway: upstream ${error.code ?? 'error'}`);
  }

  /** `awaiting-head` → `streaming` (or `answered` for a head the client cannot be sent). */
  #onResponseHead(upstreamRes: IncomingMessage): void {
    if (!this.#awaitingHead()) {
      upstreamRes.destroy(); // The client left: nobody wants the answer.
      return;
    }
    if (this.#body.kind === 'forward' && !this.#upstreamReq.writableFinished) this.#onEarlyAnswer(upstreamRes);
    try {
      this.#res.writeHead(
        upstreamRes.statusCode ?? 502,
        upstreamRes.statusMessage,
        clientResponseHeaders(upstreamRes, this.#where.mountPath, this.#config),
      );
    } catch (error) {
      upstreamRes.destroy();
      const unusable = new GatewayError('GRAFT_GATEWAY_FAILED', `unusable response head: ${String(error)}`, { cause: error });
      this.#answer(unusable, 502, 'Bad Gateway: invalid response head from the upstream');
      return;
    }
    this.#enter('streaming');
    pipeline(upstreamRes, this.#res, (error) => this.#onRelayed(error));
  }

  /** `streaming` → `done`; a failure mid-body is logged unless the client left. */
  #onRelayed(error: Error | null | undefined): void {
    if (this.#state === 'client-gone') return;
    if (error) {
      const cut = new GatewayError('GRAFT_GATEWAY_FAILED', `response cut short: ${error.message}`, { cause: error });
      reportGatewayFailure(this.#config, this.#req, this.#res, cut);
    }
    this.#state = 'done';
  }

  /**
   * An answer before the whole body went out: the upstream may never read the rest, so the
   * connection is not reused, and what the body has not sent when the answer ends is dropped.
   */
  #onEarlyAnswer(upstreamRes: IncomingMessage): void {
    this.#dropConnection();
    upstreamRes.once('end', () => {
      if (!this.#upstreamReq.writableFinished) this.#upstreamReq.destroy();
    });
  }

  /** Sends the head at once (so the upstream can answer or refuse early), then pumps the body. */
  #sendBody(length: number | undefined): void {
    // A refusal (413, 401) sent before the body is read, then a closed connection, still arrives.
    this.#upstreamReq.once('socket', (socket) => readAfterWriteError(socket, UPSTREAM_CLOSE_GRACE_MS));
    this.#upstreamReq.flushHeaders();
    pumpRequestBody(this.#req, this.#upstreamReq, length, (reason) => this.#onBodyMismatch(reason));
  }

  /** The body is longer or shorter than its `Content-Length`: the connection goes, 502 if no head went out. */
  #onBodyMismatch(reason: string): void {
    this.#dropConnection();
    this.#upstreamReq.destroy();
    if (!this.#req.readableEnded) this.#req.resume();
    if (!this.#awaitingHead()) return;
    this.#answer(this.#requestError(reason), 502, 'Bad Gateway: the request body does not match its Content-Length');
  }
}
