/**
 * One CGI request, from the wait for a slot to the last byte, as an object with named states.
 * Each event — a slot frees up, the header block completes, the program exits, the timer or the
 * stall watchdog fires, the client leaves — is one method that moves between them, so "what if
 * the client leaves while the head is pending" is answered in one place ({@link CgiExchange}'s
 * `#onClientGone`), and every way out ends with a defined response and no process left behind.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isNullBodyStatus } from '../../shared/headers.js';
import type { Identity } from '../../shared/identity.js';
import { answerGatewayFailure, GatewayError, reportGatewayFailure } from '../gateway-failure.js';
import type { Limiter, LimiterTicket } from '../gateway-limiter.js';
import { type GatewayTarget, requestHasBody, sendGatewayError } from '../gateway-request.js';
import { buildCgiEnv } from './cgi-env.js';
import { CgiProtocolError, type CgiResponseHead, createHeaderReader, type HeaderBlock } from './cgi-headers.js';
import type { CgiConfig } from './cgi-options.js';
import { type CgiProcess, startCgiProcess } from './cgi-process.js';
import { planLocalRedirect } from './cgi-redirect.js';
import { CgiBodyLimit, writeCgiHead } from './cgi-response.js';
import { type StallWatchdog, startStallWatchdog } from './cgi-stall.js';

/** A request the gateway accepted: a usable path, and the environment of its first run. */
export interface CgiRequest {
  req: IncomingMessage;
  res: ServerResponse;
  config: CgiConfig;
  /** The slots of this `cgi()`. */
  limiter: Limiter;
  target: GatewayTarget;
  identity: Identity | null;
  /** SCRIPT_NAME (the decoded mount), kept for local redirects. */
  scriptName: string;
  /** What `requestEnv` gave, kept for local redirects. */
  extraEnv: Readonly<Record<string, string | undefined>> | undefined;
  /** The environment of the first run. */
  env: Record<string, string>;
}

/**
 * Where a CGI request stands. The `timeout` timer guards the first three states; the stall
 * watchdog guards `streaming`. The last three are final: a program still running then has been
 * sent SIGTERM (SIGKILL after `killGrace`) and gives its slot back when it has exited.
 *
 * | state | meaning | next |
 * | --- | --- | --- |
 * | `queued` | waiting for a slot; no program yet | `head-pending`, `answered` (503, or 500: cannot start), `abandoned` |
 * | `head-pending` | the program runs; its header block is not complete | `streaming`, `redirecting`, `answered` (500, 502, 504), `abandoned` |
 * | `redirecting` | the block was a local redirect under the mount: the program exits (its output discarded), then the next run, a GET, starts in the same slot | `head-pending`, `answered` (504), `abandoned` |
 * | `streaming` | the script's head went out; its output is the body | `finished`, `abandoned` |
 * | `answered` | the gateway answered itself: 500, 502, 503 or 504 | (final) |
 * | `finished` | the program exited after its head: the response ended, or was cut short (non-zero exit, short of Content-Length) | (final) |
 * | `abandoned` | the client left, its upload broke, or the response stalled: the program is stopped, a started response cut short | (final) |
 */
export type CgiExchangeState = 'queued' | 'head-pending' | 'redirecting' | 'streaming' | 'answered' | 'finished' | 'abandoned';

/** The states and what each carries. */
type State =
  | { readonly name: 'queued' | 'head-pending' | 'answered' | 'finished' | 'abandoned' }
  /** `env`: the environment of the next run. */
  | { readonly name: 'redirecting'; readonly env: Record<string, string> }
  | { readonly name: 'streaming'; readonly body: CgiBodyLimit };

type FinalState = 'answered' | 'finished' | 'abandoned';

/**
 * One CGI request's lifecycle. Create it for an accepted request and call
 * {@link CgiExchange.start}; the exchange answers the request in every case.
 */
export class CgiExchange {
  #state: State = { name: 'queued' };
  /** The program of the current run; kept in a final state until it has exited (it holds the slot). */
  #process: CgiProcess | undefined;
  #ticket: LimiterTicket | undefined;
  /** The `timeout` timer, until the head is out. */
  #timer: NodeJS.Timeout | undefined;
  /** Watches the response for progress once its head is out (`stallTimeout`). */
  #watchdog: StallWatchdog | undefined;
  /** Local redirects followed so far. */
  #hops = 0;
  readonly #request: CgiRequest;
  /** A request body still being uploaded counts as progress of a streaming response. */
  readonly #onRequestData = (): void => this.#watchdog?.progress();

  constructor(request: CgiRequest) {
    this.#request = request;
  }

  /** Where the request stands. */
  get state(): CgiExchangeState {
    return this.#state.name;
  }

  /** Listens to the client, arms the timer and asks for a slot (the program may start at once). */
  start(): void {
    const { req, res, config, limiter } = this.#request;
    // The client may have left while `requestEnv` ran: then there is nothing to run for.
    if (res.destroyed || res.writableEnded) {
      this.#state = { name: 'abandoned' };
      return;
    }
    res.on('error', (error) =>
      this.#report(new GatewayError('GRAFT_GATEWAY_FAILED', `response error: ${String(error)}`, { cause: error })),
    );
    res.once('close', () => {
      if (!res.writableFinished) this.#onClientGone();
    });
    req.once('error', () => this.#onClientGone());
    if (config.timeout > 0) this.#timer = setTimeout(() => this.#onTimeout(), config.timeout);
    this.#ticket = limiter.acquire(() => this.#onSlot());
    if (!this.#ticket) this.#onQueueFull();
  }

  #isFinal(): boolean {
    const { name } = this.#state;
    return name === 'answered' || name === 'finished' || name === 'abandoned';
  }

  // ---- transitions ------------------------------------------------------------------------

  /** `queued` → `answered`: all slots busy and the queue full: 503 at once. */
  #onQueueFull(): void {
    this.#enterFinal('answered');
    this.#request.res.setHeader('retry-after', '1');
    sendGatewayError(this.#request.res, 503, 'Service Unavailable: too many CGI requests');
  }

  /** `queued` → `head-pending` (or `answered` with 500): a slot is ours, maybe inside `acquire()`. */
  #onSlot(): void {
    const { env } = this.#request;
    // `#ticket` is not assigned yet when this runs inside `acquire()`: release a microtask later.
    if (this.#isFinal()) {
      queueMicrotask(() => this.#ticket?.release());
      return;
    }
    try {
      this.#run(env, true);
    } catch (error) {
      // spawn() throws synchronously only for arguments it cannot pass (checked up front).
      this.#enterFinal('answered');
      this.#answer(this.#cannotRun(String(error), error), 500, 'Internal Server Error: the CGI program could not be started');
      queueMicrotask(() => this.#ticket?.release());
    }
  }

  /** The program could not be started (ENOENT, EACCES, E2BIG): → `answered` with 500. Its exit frees the slot. */
  #onSpawnError(error: Error): void {
    const failure = this.#cannotRun(error.message, error);
    if (this.#isFinal() || this.#state.name === 'streaming') {
      this.#report(failure);
      return;
    }
    this.#enterFinal('answered');
    this.#stopFeeding();
    this.#answer(failure, 500, 'Internal Server Error: the CGI program could not be started');
  }

  #cannotRun(reason: string, cause: unknown): GatewayError {
    return new GatewayError('GRAFT_GATEWAY_FAILED', `cannot run ${this.#request.config.command}: ${reason}`, { cause });
  }

  /** `head-pending` → `streaming`, `redirecting` or `answered` (502): the header block is complete. */
  #onHead(proc: CgiProcess, head: CgiResponseHead, rest: Buffer): void {
    if (head.kind === 'document') {
      this.#sendHead(proc, head.status, head.reason, head.headers, rest);
      return;
    }
    const plan = planLocalRedirect(head.location, this.#request.target.mountPath, this.#hops);
    if (plan.kind === 'rerun') this.#redirect(proc, this.#redirectEnv(head.location, plan.pathInfo, plan.queryString));
    else if (plan.kind === 'refuse') this.#fail(new CgiProtocolError(`too many local redirects (last to ${head.location})`));
    else this.#sendHead(proc, 302, undefined, [['Location', head.location]], rest);
  }

  /** `head-pending` → `redirecting`: this run's output is discarded; the next one starts when it has exited. */
  #redirect(proc: CgiProcess, env: Record<string, string>): void {
    this.#state = { name: 'redirecting', env };
    proc.child.stdout.resume();
    this.#stopFeeding();
  }

  /** `head-pending` → `streaming` (or `answered` with 502 if Node refuses the head). */
  #sendHead(proc: CgiProcess, status: number, reason: string | undefined, headers: ReadonlyArray<[string, string]>, rest: Buffer): void {
    const { req, res, config } = this.#request;
    try {
      writeCgiHead(res, status, reason, headers);
    } catch (error) {
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      this.#fail(new CgiProtocolError(`unusable header block: ${String(error)}`, { cause: error }));
      return;
    }
    const bodyless = req.method === 'HEAD' || isNullBodyStatus(status);
    const declared = res.getHeader('content-length');
    const body = new CgiBodyLimit(!bodyless && declared !== undefined ? Number(declared) : undefined, config.log);
    this.#stopClocks();
    this.#state = { name: 'streaming', body };
    if (config.stallTimeout > 0) {
      this.#watchdog = startStallWatchdog(config.stallTimeout, () => this.#onStall());
      // A body still being uploaded counts as progress (git-http-backend sends its head before
      // receive-pack reads the pack).
      if (!req.readableEnded) req.on('data', this.#onRequestData);
    }
    const { stdout } = proc.child;
    if (rest.length > 0) stdout.unshift(rest);
    stdout.on('data', (chunk: Buffer) => this.#onBodyData(stdout, chunk));
    stdout.resume();
  }

  /** In `streaming`: one chunk of the program's output goes to the client, with backpressure. */
  #onBodyData(stdout: NodeJS.ReadableStream, chunk: Buffer): void {
    if (this.#state.name !== 'streaming') return;
    const data = this.#state.body.take(chunk);
    if (data === undefined) return;
    this.#watchdog?.progress();
    if (!this.#request.res.write(data)) {
      // The client reads slower than the script writes: stop reading its pipe until it drains.
      // No drain within `stallTimeout` is a stall.
      stdout.pause();
      this.#request.res.once('drain', () => {
        this.#watchdog?.progress();
        stdout.resume();
      });
    }
  }

  /**
   * The program exited and its pipes closed: in `redirecting` the next run starts (same slot);
   * otherwise the slot is freed, and a run that had not completed its head is a 502 while one
   * that was streaming ends its response.
   */
  #onExit(proc: CgiProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#state.name === 'redirecting') {
      this.#hops++;
      this.#run(this.#state.env, false);
      return;
    }
    if (this.#process === proc) this.#ticket?.release();
    // A failed spawn's 'close' comes after its 'error', which has answered already.
    if (this.#isFinal()) return;
    this.#stopClocks();
    if (this.#state.name !== 'streaming') {
      this.#fail(new CgiProtocolError(`the program exited (${signal ?? `code ${code}`}) before completing its header block`));
      return;
    }
    this.#finish(this.#state.body, code, signal);
  }

  /**
   * `streaming` → `finished`: the program exited after its head. A clean exit that met its
   * Content-Length ends the response; anything else cuts it short, so the client sees a truncated
   * message rather than a complete one.
   */
  #finish(body: CgiBodyLimit, code: number | null, signal: NodeJS.Signals | null): void {
    const { res } = this.#request;
    this.#state = { name: 'finished' };
    if (code === 0 && body.complete) {
      res.end();
      return;
    }
    this.#report(
      code === 0
        ? new CgiProtocolError(`output shorter than Content-Length ${body.contentLength}; response cut short`)
        : new GatewayError(
            'GRAFT_GATEWAY_FAILED',
            `the program exited (${signal ?? `code ${code}`}) while sending its body; response cut short`,
          ),
    );
    res.destroy();
  }

  /** `timeout` passed before the head: → `answered` with 503 if still `queued`, else 504; the program is stopped. */
  #onTimeout(): void {
    const { res, config } = this.#request;
    this.#timer = undefined;
    if (this.#isFinal() || this.#state.name === 'streaming') return;
    if (this.#state.name === 'queued') {
      res.setHeader('retry-after', '1');
      sendGatewayError(res, 503, 'Service Unavailable: too many CGI requests waiting');
    } else {
      const timedOut = new GatewayError('GRAFT_GATEWAY_TIMEOUT', `no header block after ${config.timeout} ms; stopping the program`);
      this.#answer(timedOut, 504, 'Gateway Timeout: the CGI program did not answer in time');
    }
    this.#stop('answered');
  }

  /** `streaming` → `abandoned`: no progress for `stallTimeout`; the program is stopped, the response cut short. */
  #onStall(): void {
    const { res, config } = this.#request;
    if (this.#isFinal()) return;
    this.#report(
      new GatewayError(
        'GRAFT_GATEWAY_TIMEOUT',
        `no progress for ${config.stallTimeout} ms after the response head (client not reading or program silent); stopping the program`,
      ),
    );
    this.#stop('abandoned');
    res.destroy();
  }

  /**
   * The client left before the response was complete, or its upload broke off — in any state
   * that is not final: → `abandoned`. A queued request leaves the queue; a running program (head
   * pending, redirecting or streaming) is stopped and frees its slot when it has exited.
   */
  #onClientGone(): void {
    if (!this.#isFinal()) this.#stop('abandoned');
  }

  /** The program broke the protocol before its head went out: → `answered` with 502, and stop it. */
  #fail(error: CgiProtocolError): void {
    if (this.#isFinal()) {
      this.#report(error);
      return;
    }
    this.#answer(error, 502, 'Bad Gateway: invalid response from the CGI program');
    this.#stop('answered');
  }

  /** Reports a failure the response cannot show (it is cut short, or already answered). */
  #report(error: GatewayError): void {
    const { config, req, res } = this.#request;
    reportGatewayFailure(config, req, res, error);
  }

  /** Reports a failure and answers it: the hook's `Response`, else `status` with `text`. */
  #answer(error: GatewayError, status: 500 | 502 | 504, text: string): void {
    const { config, req, res } = this.#request;
    answerGatewayFailure(config, req, res, error, { status, text });
  }

  // ---- the means ------------------------------------------------------------------------------

  /** Starts one run of the program (the first, with the body; a local redirect's, as a GET): → `head-pending`. */
  #run(env: Record<string, string>, withBody: boolean): void {
    const { req, config } = this.#request;
    const proc = startCgiProcess({
      command: config.command,
      args: config.args,
      cwd: config.cwd,
      env,
      grace: config.killGrace,
      log: config.log,
    });
    this.#process = proc;
    this.#state = { name: 'head-pending' };
    const { child } = proc;
    child.on('error', (error) => this.#onSpawnError(error));
    // EPIPE: the script exited (or closed stdin) without reading the whole body. Allowed.
    child.stdin.on('error', () => this.#stopFeeding());
    if (withBody && requestHasBody(req)) req.pipe(child.stdin);
    else child.stdin.end();
    this.#readHead(proc);
    void proc.closed.then(({ code, signal }) => this.#onExit(proc, code, signal));
  }

  /** Reads the header block from the program's stdout, then hands it to `#onHead` (a broken one: 502). */
  #readHead(proc: CgiProcess): void {
    const { stdout } = proc.child;
    const reader = createHeaderReader(this.#request.config.maxHeaderSize);
    const onData = (chunk: Buffer): void => {
      let block: HeaderBlock | undefined;
      try {
        block = reader.push(chunk);
      } catch (error) {
        if (!(error instanceof CgiProtocolError)) throw error;
        stdout.off('data', onData);
        stdout.resume();
        this.#fail(new CgiProtocolError(`malformed header block: ${error.message}`, { cause: error }));
        return;
      }
      if (!block) return;
      stdout.off('data', onData);
      stdout.pause();
      if (this.#isFinal()) {
        stdout.resume();
        return;
      }
      this.#onHead(proc, block.head, block.rest);
    };
    stdout.on('data', onData);
  }

  /** The environment of a local redirect's run: a GET for `pathInfo`, without the body. */
  #redirectEnv(location: string, pathInfo: string, queryString: string): Record<string, string> {
    const { req, config, scriptName, identity, extraEnv } = this.#request;
    return buildCgiEnv(
      { req, method: 'GET', scriptName, pathInfo, queryString, requestUri: location, withBody: false, identity },
      config,
      extraEnv,
    );
  }

  /** Enters a final state without a program to stop (none runs, or it stops by itself). */
  #enterFinal(state: FinalState): void {
    this.#state = { name: state };
    this.#stopClocks();
  }

  /** Enters a final state and stops the program, if any (its exit frees the slot), or leaves the queue. */
  #stop(state: FinalState): void {
    this.#enterFinal(state);
    this.#stopFeeding();
    const proc = this.#process;
    if (proc) {
      // A paused pipe would never reach its end, and the exit ('close') frees the slot.
      proc.child.stdout.resume();
      proc.kill();
    } else this.#ticket?.release();
  }

  /** Stops the `timeout` timer and the stall watchdog. */
  #stopClocks(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#watchdog?.stop();
    this.#watchdog = undefined;
    this.#request.req.off('data', this.#onRequestData);
  }

  /** No more request body for the program; what it did not read is discarded, so a kept-alive connection stays usable. */
  #stopFeeding(): void {
    const { req } = this.#request;
    if (this.#process) req.unpipe(this.#process.child.stdin);
    if (!req.readableEnded) req.resume();
  }
}
