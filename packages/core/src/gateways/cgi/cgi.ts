/**
 * `cgi(options)`: a CGI/1.1 gateway (RFC 3875) as a Node `(req, res)` listener, so a program in
 * any language — git's `git-http-backend`, a Perl or Python script — mounts like any Node app:
 * through `callNodeApp`, Express's `app.use`, or `http.createServer`.
 *
 * This file is the lifecycle of one request: wait for a slot, start the configured program, feed
 * it the body, read its header block, stream its output, and end every way a run can end — the
 * script answers, breaks the protocol, exits early, takes too long, or the client leaves — with a
 * defined response and no process left behind.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, dirname, resolve } from 'node:path';
import type { NodeRequestListener } from '../../bridge/node-app.js';
import { InvalidOptionError } from '../../shared/errors.js';
import { isNullBodyStatus } from '../../shared/headers.js';
import type { Identity } from '../../shared/identity.js';
import { createLimiter, type Limiter, type LimiterTicket } from '../gateway-limiter.js';
import { type GatewayTarget, gatewayIdentity, gatewayTarget, requestHasBody, sendGatewayError } from '../gateway-request.js';
import { buildCgiEnv, type CgiEnvConfig } from './cgi-env.js';
import { CgiProtocolError, type CgiResponseHead, createHeaderReader, type HeaderBlock } from './cgi-headers.js';
import { type CgiProcess, startCgiProcess } from './cgi-process.js';
import { type StallWatchdog, startStallWatchdog } from './cgi-stall.js';

/**
 * Options of {@link cgi}.
 *
 * | option | default | meaning |
 * | --- | --- | --- |
 * | `command` | (required) | the program to run; fixed here, never taken from the request path |
 * | `args` | `[]` | its arguments (the query string is never passed as arguments) |
 * | `cwd` | the program's directory if `command` is a path, else the server's | working directory |
 * | `inheritEnv` | `['PATH', 'LANG', 'TZ']` | server variables the script may see; nothing else leaks |
 * | `env` | `{}` | fixed extra variables for this mount, e.g. `GIT_PROJECT_ROOT` |
 * | `requestEnv` | none | `(req) => vars` per request, e.g. from `getGraftContext(req).locals` |
 * | `documentRoot` | none | sets PATH_TRANSLATED = documentRoot + PATH_INFO |
 * | `passAuthorization` | `false` | also pass the `Authorization` header as HTTP_AUTHORIZATION |
 * | `authType` | `'Graft'` | AUTH_TYPE when the host passed an identity |
 * | `serverSoftware` | `'Graft'` | SERVER_SOFTWARE |
 * | `timeout` | `30000` | ms from arrival until the header block is read: 504 (503 if still queued); `0` = off |
 * | `stallTimeout` | `30000` | ms without progress once the head is sent: the program is stopped, the response cut short; `0` = off |
 * | `killGrace` | `5000` | ms between SIGTERM and SIGKILL when a run is stopped |
 * | `maxHeaderSize` | `65536` | bytes the header block may take: more is a 502 |
 * | `maxConcurrent` | `16` | programs running at once, for this `cgi()` (one mount) |
 * | `maxQueue` | `64` | requests waiting for a slot of this `cgi()`; beyond it, 503 with `Retry-After` |
 * | `logger` | `console.error` | receives the script's stderr, one call per line, and gateway errors |
 */
export interface CgiOptions {
  /** The executable: an absolute path, or a name looked up on the child's `PATH`. */
  command: string;
  /** Arguments for `command` (e.g. the script file when `command` is an interpreter). */
  args?: readonly string[];
  /** Working directory of the script. Default: the directory of `command` when it is a path. */
  cwd?: string;
  /** Names of the server's own environment variables passed to the script. Default: PATH, LANG, TZ. */
  inheritEnv?: readonly string[];
  /** Fixed extra variables for every run (e.g. `{ GIT_PROJECT_ROOT, GIT_HTTP_EXPORT_ALL: '1' }`). */
  env?: Readonly<Record<string, string>>;
  /**
   * Extra variables for one request, from the request itself — typically from what the host
   * passed in `callNodeApp`'s `locals`:
   * `requestEnv: (req) => getGraftContext(req)?.locals.cgiEnv as Record<string, string>`.
   * Entries set to `undefined` are skipped; a throw or rejection answers 500.
   */
  requestEnv?: (
    req: IncomingMessage,
  ) => Readonly<Record<string, string | undefined>> | undefined | Promise<Readonly<Record<string, string | undefined>> | undefined>;
  /** Directory that PATH_INFO is translated into (PATH_TRANSLATED). Default: unset. */
  documentRoot?: string;
  /** Pass `Authorization` to the script as HTTP_AUTHORIZATION. Default `false`. */
  passAuthorization?: boolean;
  /** AUTH_TYPE for requests with an identity. Default `'Graft'`. */
  authType?: string;
  /** SERVER_SOFTWARE. Default `'Graft'`. */
  serverSoftware?: string;
  /**
   * Milliseconds until the script must have sent its header block: then 504, or 503 with
   * `Retry-After` if the request is still waiting for a slot. Default 30 000; `0` = off.
   */
  timeout?: number;
  /**
   * Once the response head is sent, the longest time (ms) without progress: no output from the
   * script accepted by the client's connection, and no request body fed to the script. Then the
   * script is stopped (SIGTERM to its process group, SIGKILL after `killGrace`), the response is
   * cut short, and its slot is freed once the script has exited. It ends runs whose client stopped
   * reading (a stalled `git clone` keeps `git upload-pack` blocked on its output) as well as
   * scripts that went silent. A script that streams with long pauses needs a larger value, or
   * `0` (off). Default 30 000.
   */
  stallTimeout?: number;
  /** Milliseconds from SIGTERM to SIGKILL. Default 5 000. */
  killGrace?: number;
  /** Largest header block accepted, in bytes. Default 64 KiB. */
  maxHeaderSize?: number;
  /**
   * Scripts running at once. The slots belong to this `cgi()` listener, i.e. to one mount: two
   * mounts made by two `cgi()` calls never take each other's slots, and one mount reached by
   * several routes shares its slots when they share the listener. Default 16.
   */
  maxConcurrent?: number;
  /**
   * Requests of this `cgi()` waiting for a free slot, in arrival order. Beyond it, 503 with
   * `Retry-After: 1` at once; a request that waits until `timeout` gets the same. Default 64; `0`
   * rejects at once when all slots are busy.
   */
  maxQueue?: number;
  /** Where stderr lines and gateway errors go. Default `console.error`. */
  logger?: (message: string) => void;
}

interface CgiConfig extends CgiEnvConfig {
  command: string;
  args: readonly string[];
  cwd: string | undefined;
  requestEnv: CgiOptions['requestEnv'];
  timeout: number;
  stallTimeout: number;
  killGrace: number;
  maxHeaderSize: number;
  log: (message: string) => void;
}

/** Local redirects followed for one request before giving up with 502 (a script looping on itself). */
const MAX_LOCAL_REDIRECTS = 10;

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new InvalidOptionError(`cgi: ${name} must be a number >= 0`);
  }
  return value;
}

function resolveConfig(options: CgiOptions): { config: CgiConfig; limiter: Limiter } {
  if (!options || typeof options.command !== 'string' || options.command === '') {
    throw new InvalidOptionError('cgi: options.command must be a non-empty string');
  }
  const { command } = options;
  const args = options.args ?? [];
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string' && !a.includes('\0'))) {
    throw new InvalidOptionError('cgi: options.args must be an array of strings without NUL');
  }
  if (command.includes('\0')) throw new InvalidOptionError('cgi: options.command must not contain NUL');
  const maxConcurrent = nonNegative('maxConcurrent', options.maxConcurrent, 16);
  if (maxConcurrent < 1) throw new InvalidOptionError('cgi: maxConcurrent must be at least 1');
  const logger = options.logger ?? ((message: string) => console.error(message));
  const prefix = `[graft cgi ${basename(command)}] `;
  const config: CgiConfig = {
    command,
    args,
    cwd: options.cwd ?? (command.includes('/') ? dirname(resolve(command)) : undefined),
    inheritEnv: options.inheritEnv ?? ['PATH', 'LANG', 'TZ'],
    env: options.env ?? {},
    requestEnv: options.requestEnv,
    documentRoot: options.documentRoot,
    passAuthorization: options.passAuthorization ?? false,
    authType: options.authType ?? 'Graft',
    serverSoftware: options.serverSoftware ?? 'Graft',
    timeout: nonNegative('timeout', options.timeout, 30_000),
    stallTimeout: nonNegative('stallTimeout', options.stallTimeout, 30_000),
    killGrace: nonNegative('killGrace', options.killGrace, 5_000),
    maxHeaderSize: nonNegative('maxHeaderSize', options.maxHeaderSize, 64 * 1024),
    log: (message) => logger(prefix + message),
  };
  const limiter = createLimiter(maxConcurrent, nonNegative('maxQueue', options.maxQueue, 64));
  return { config, limiter };
}

/**
 * Creates a CGI/1.1 gateway for one program: a `(req, res)` listener that runs `command` once
 * per request with the RFC 3875 meta-variables and streams its answer back.
 *
 * - SCRIPT_NAME is the mount prefix (`req.baseUrl`, decoded), PATH_INFO the decoded rest (`''`
 *   for the bare mount, `/` for the mount with a slash), QUERY_STRING the raw query, REQUEST_URI
 *   the raw original target. A PATH_INFO with a `..` segment or a NUL (even percent-encoded) is
 *   refused with 400 before anything runs.
 * - REMOTE_USER / AUTH_TYPE come only from the identity the host passed (`req.graft.identity`);
 *   client headers never set them. Each request header becomes `HTTP_*` except `Proxy`
 *   (httpoxy), `Authorization` (unless `passAuthorization`), identity headers, hop-by-hop fields,
 *   and names with characters other than letters, digits and `-` (so `X_User` cannot pose as
 *   `X-User`). The server's environment reaches the script only through `inheritEnv`.
 * - The body streams to stdin; with a chunked upload there is no CONTENT_LENGTH and stdin ends at
 *   the body's end. A script may exit without reading it.
 * - The header block may use LF or CRLF; `Status:` may omit the reason phrase; repeated fields
 *   (`Set-Cookie`) are kept. `Location` with an absolute URL is a 302 (unless `Status` says
 *   otherwise). `Location: /path` without `Status` is a local redirect (RFC 3875 §6.2.2): when the
 *   path is under the mount, the program is run again for it as a GET (up to 10 times);
 *   otherwise it becomes a 302 to that path, as the host's own routes are not reachable from here.
 * - Errors: a malformed or oversized header block, or an exit before the block is complete: 502.
 *   The program cannot be started: 500. `timeout` before the block: 504. All slots and the queue
 *   busy: 503 with `Retry-After`. Once the head is out, `stallTimeout` without progress (the
 *   client stopped reading, or the program stopped writing): the response is cut short. A non-zero exit (or a Content-Length not met) after the head: the response is cut
 *   short, so the client sees a truncated message rather than a complete one.
 * - Every way a run is abandoned (timeout, stall, protocol error, client gone) sends SIGTERM to the
 *   program's process group, then SIGKILL after `killGrace`.
 *
 * @example
 * ```ts
 * const git = cgi({
 *   command: '/usr/lib/git-core/git-http-backend',
 *   env: { GIT_PROJECT_ROOT: '/srv/git', GIT_HTTP_EXPORT_ALL: '1' },
 * });
 * export const GET = (request: Request) =>
 *   callNodeApp(git, request, { mountPath: '/git', identity: await currentUser() });
 * ```
 *
 * @throws {InvalidOptionError} for a missing `command` or an invalid number.
 */
export function cgi(options: CgiOptions): NodeRequestListener {
  const { config, limiter } = resolveConfig(options);
  return function cgiGateway(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return serveCgi(req, res, config, limiter).catch((error: unknown) => {
      config.log(`gateway failure: ${String(error)}`);
      sendGatewayError(res, 500, 'Internal Server Error');
    });
  };
}

/** Decodes a raw path for CGI, or `undefined` if it is not one a script should be given. */
function decodePath(raw: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split('/').includes('..')) return undefined;
  return decoded;
}

async function serveCgi(req: IncomingMessage, res: ServerResponse, config: CgiConfig, limiter: Limiter): Promise<void> {
  const target = gatewayTarget(req);
  const pathInfo = target && decodePath(target.pathInfo);
  if (!target || pathInfo === undefined) {
    sendGatewayError(res, 400, 'Bad Request: invalid request path');
    return;
  }
  let extraEnv: Readonly<Record<string, string | undefined>> | undefined;
  let env: Record<string, string>;
  const identity = gatewayIdentity(req);
  const scriptName = decodePath(target.mountPath) ?? target.mountPath;
  try {
    extraEnv = config.requestEnv ? await config.requestEnv(req) : undefined;
    env = buildCgiEnv(
      {
        req,
        method: req.method ?? 'GET',
        scriptName,
        pathInfo,
        queryString: target.search.slice(1),
        requestUri: target.requestUri,
        withBody: true,
        identity,
      },
      config,
      extraEnv,
    );
  } catch (error) {
    config.log(`cannot build the environment: ${String(error)}`);
    sendGatewayError(res, 500, 'Internal Server Error');
    return;
  }
  runRequest({ req, res, config, limiter, target, identity, scriptName, extraEnv, env });
}

interface RunContext {
  req: IncomingMessage;
  res: ServerResponse;
  config: CgiConfig;
  limiter: Limiter;
  target: GatewayTarget;
  identity: Identity | null;
  scriptName: string;
  extraEnv: Readonly<Record<string, string | undefined>> | undefined;
  env: Record<string, string>;
}

/** One request, from the queue to the last byte. */
function runRequest(ctx: RunContext): void {
  const { req, res, config } = ctx;
  // The client may have left while `requestEnv` ran: then there is nothing to run for.
  if (res.destroyed || res.writableEnded) return;
  /** The gateway has stopped serving this request: answered, failed, timed out or abandoned. */
  let done = false;
  /** The response head has gone out from the script's header block. */
  let streaming = false;
  let current: CgiProcess | undefined;
  let ticket: LimiterTicket | undefined;
  let timer: NodeJS.Timeout | undefined;
  /** Watches the response for progress once its head is out (`stallTimeout`). */
  let watchdog: StallWatchdog | undefined;
  const onRequestData = (): void => watchdog?.progress();

  const stopTimer = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    watchdog?.stop();
    watchdog = undefined;
    req.off('data', onRequestData);
  };

  /** Give up on the request; the running program (if any) is stopped and frees its slot on exit. */
  const giveUp = (): void => {
    done = true;
    stopTimer();
    stopFeeding();
    if (current) {
      // A paused pipe would never reach its end, and the exit ('close') frees the slot.
      current.child.stdout.resume();
      current.kill();
    } else ticket?.release();
  };

  const stopFeeding = (): void => {
    if (current) req.unpipe(current.child.stdin);
    // Whatever the script did not read is discarded, so a kept-alive connection stays usable.
    if (!req.readableEnded) req.resume();
  };

  res.on('error', (error) => config.log(`response error: ${String(error)}`));
  res.once('close', () => {
    if (!done && !res.writableFinished) giveUp();
  });
  req.once('error', () => {
    if (!done) giveUp();
  });

  if (config.timeout > 0) {
    timer = setTimeout(() => {
      timer = undefined;
      if (done || streaming) return;
      if (current) {
        config.log(`no header block after ${config.timeout} ms; stopping the program`);
        sendGatewayError(res, 504, 'Gateway Timeout: the CGI program did not answer in time');
      } else {
        res.setHeader('retry-after', '1');
        sendGatewayError(res, 503, 'Service Unavailable: too many CGI requests waiting');
      }
      giveUp();
    }, config.timeout);
  }

  const run = (env: Record<string, string>, withBody: boolean, hops: number): void => {
    const proc = startCgiProcess({
      command: config.command,
      args: config.args,
      cwd: config.cwd,
      env,
      grace: config.killGrace,
      log: config.log,
    });
    current = proc;
    const { child } = proc;
    let redirected = false;
    let head: HeaderBlock | undefined;
    let contentLength: number | undefined;
    let written = 0;

    child.on('error', (error) => {
      config.log(`cannot run ${config.command}: ${error.message}`);
      if (!done && !streaming) {
        done = true;
        stopTimer();
        stopFeeding();
        sendGatewayError(res, 500, 'Internal Server Error: the CGI program could not be started');
      }
    });

    child.stdin.on('error', () => {
      // EPIPE: the script exited (or closed stdin) without reading the whole body. Allowed.
      stopFeeding();
    });
    if (withBody && requestHasBody(req) && !done) req.pipe(child.stdin);
    else child.stdin.end();

    /** The program broke the protocol before its head was sent: 502, and stop it. */
    const fail = (message: string): void => {
      config.log(message);
      if (done) return;
      sendGatewayError(res, 502, 'Bad Gateway: invalid response from the CGI program');
      giveUp();
    };

    const reader = createHeaderReader(config.maxHeaderSize);
    const onHeaderData = (chunk: Buffer): void => {
      try {
        head = reader.push(chunk);
      } catch (error) {
        if (!(error instanceof CgiProtocolError)) throw error;
        child.stdout.off('data', onHeaderData);
        child.stdout.resume();
        fail(`malformed header block: ${error.message}`);
        return;
      }
      if (!head) return;
      child.stdout.off('data', onHeaderData);
      child.stdout.pause();
      if (done) {
        child.stdout.resume();
        return;
      }
      onHead(head.head, head.rest);
    };
    child.stdout.on('data', onHeaderData);

    const onHead = (parsed: CgiResponseHead, rest: Buffer): void => {
      if (parsed.kind === 'local-redirect') {
        const next = localRedirect(parsed.location, hops);
        if (next) {
          redirected = true;
          child.stdout.resume();
          stopFeeding();
          // The next run starts when this one has exited, so it never holds two processes.
          void proc.closed.then(() => {
            if (!done) run(next, false, hops + 1);
            else ticket?.release();
          });
          return;
        }
        if (next === null) {
          fail(`too many local redirects (last to ${parsed.location})`);
          return;
        }
        parsed = { kind: 'document', status: 302, reason: undefined, headers: [['Location', parsed.location]] };
      }
      try {
        writeHead(res, parsed.status, parsed.reason, parsed.headers);
      } catch (error) {
        for (const name of res.getHeaderNames()) res.removeHeader(name);
        fail(`unusable header block: ${String(error)}`);
        return;
      }
      streaming = true;
      stopTimer();
      if (config.stallTimeout > 0) {
        watchdog = startStallWatchdog(config.stallTimeout, () => {
          if (done) return;
          config.log(
            `no progress for ${config.stallTimeout} ms after the response head (client not reading or program silent); stopping the program`,
          );
          giveUp();
          res.destroy();
        });
        // A body still being uploaded counts as progress (git-http-backend sends its head before
        // receive-pack reads the pack).
        if (!req.readableEnded) req.on('data', onRequestData);
      }
      const bodyless = req.method === 'HEAD' || isNullBodyStatus(parsed.status);
      const declared = res.getHeader('content-length');
      if (!bodyless && declared !== undefined) contentLength = Number(declared);
      if (rest.length > 0) child.stdout.unshift(rest);
      child.stdout.on('data', onBodyData);
      child.stdout.resume();
    };

    const onBodyData = (chunk: Buffer): void => {
      if (done) return;
      let data = chunk;
      if (contentLength !== undefined) {
        if (written + data.length > contentLength) {
          if (written <= contentLength) config.log(`output exceeds Content-Length ${contentLength}; extra bytes dropped`);
          data = data.subarray(0, Math.max(0, contentLength - written));
        }
        written += chunk.length;
        if (data.length === 0) return;
      }
      watchdog?.progress();
      if (!res.write(data)) {
        // The client reads slower than the script writes: stop reading its pipe until it drains.
        // No drain within `stallTimeout` is a stall.
        child.stdout.pause();
        res.once('drain', () => {
          watchdog?.progress();
          child.stdout.resume();
        });
      }
    };

    void proc.closed.then(({ code, signal }) => {
      if (redirected) return;
      if (current === proc) ticket?.release();
      if (done) return;
      stopTimer();
      if (!streaming) {
        // 'close' follows 'error' for a failed spawn, which has answered already.
        fail(`the program exited (${signal ?? `code ${code}`}) before completing its header block`);
        return;
      }
      done = true;
      if (code === 0 && (contentLength === undefined || written >= contentLength)) {
        res.end();
        return;
      }
      config.log(
        code === 0
          ? `output shorter than Content-Length ${contentLength}; response cut short`
          : `the program exited (${signal ?? `code ${code}`}) while sending its body; response cut short`,
      );
      res.destroy();
    });
  };

  /**
   * The environment for a local redirect's GET, `undefined` when the path is outside the mount,
   * or `null` when the redirect limit is reached or the path cannot be used.
   */
  const localRedirect = (location: string, hops: number): Record<string, string> | undefined | null => {
    const q = location.indexOf('?');
    const path = q === -1 ? location : location.slice(0, q);
    const mount = ctx.target.mountPath;
    if (mount !== '' && path !== mount && !path.startsWith(`${mount}/`)) return undefined;
    const pathInfo = decodePath(path.slice(mount.length));
    if (hops >= MAX_LOCAL_REDIRECTS || pathInfo === undefined) return null;
    return buildCgiEnv(
      {
        req,
        method: 'GET',
        scriptName: ctx.scriptName,
        pathInfo,
        queryString: q === -1 ? '' : location.slice(q + 1),
        requestUri: location,
        withBody: false,
        identity: ctx.identity,
      },
      config,
      ctx.extraEnv,
    );
  };

  ticket = ctx.limiter.acquire(() => {
    // May run synchronously inside acquire(); `ticket` is only needed later, on exit.
    if (done) {
      queueMicrotask(() => ticket?.release());
      return;
    }
    try {
      run(ctx.env, true, 0);
    } catch (error) {
      // spawn() throws synchronously only for arguments it cannot pass (checked up front).
      config.log(`cannot run ${config.command}: ${String(error)}`);
      done = true;
      stopTimer();
      sendGatewayError(res, 500, 'Internal Server Error: the CGI program could not be started');
      queueMicrotask(() => ticket?.release());
    }
  });
  if (!ticket) {
    done = true;
    stopTimer();
    res.setHeader('retry-after', '1');
    sendGatewayError(res, 503, 'Service Unavailable: too many CGI requests');
  }
}

/** Sends the script's head: repeated names (each Set-Cookie) go out as separate fields. */
function writeHead(res: ServerResponse, status: number, reason: string | undefined, headers: ReadonlyArray<[string, string]>): void {
  const grouped = new Map<string, { name: string; values: string[] }>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    const entry = grouped.get(lower);
    if (entry) entry.values.push(value);
    else grouped.set(lower, { name, values: [value] });
  }
  for (const { name, values } of grouped.values()) res.setHeader(name, values.length === 1 ? values[0]! : values);
  if (reason !== undefined) res.writeHead(status, reason);
  else res.writeHead(status);
}
