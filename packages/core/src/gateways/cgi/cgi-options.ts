/**
 * The options of `cgi()`, checked once when the gateway is created and turned into the
 * configuration every request of that gateway reads.
 */
import type { IncomingMessage } from 'node:http';
import { basename, dirname, resolve } from 'node:path';
import type { GraftErrorHandler } from '../../shared/error-hook.js';
import { InvalidOptionError } from '../../shared/errors.js';
import type { GatewayReporting } from '../gateway-failure.js';
import { createLimiter, type Limiter } from '../gateway-limiter.js';
import type { CgiEnvConfig } from './cgi-env.js';

/**
 * Options of `cgi()`.
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
 * | `logger` | `console.error` | receives the script's stderr, one call per line, and (without `onError`) gateway failures |
 * | `onError` | none | receives gateway failures as a `GatewayError`; may answer instead of the 500/502/504 |
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
  /** Where stderr lines (and gateway failures, without `onError`) go. Default `console.error`. */
  logger?: (message: string) => void;
  /**
   * Receives the gateway's failures — the program could not start (500), broke the protocol
   * (502, a `CgiProtocolError`), took too long (504, `GRAFT_GATEWAY_TIMEOUT`), failed or stalled
   * mid-body (cut short) — as a `GatewayError`, with `where: 'cgi'`, instead of `logger`. Before
   * the head, a returned `Response` is sent instead of the plain-text 500/502/504. The one
   * contract of every `onError` in Graft: see {@link GraftErrorHandler}.
   */
  onError?: GraftErrorHandler;
}

/** The options of one `cgi()` with every default applied: what a request reads. */
export interface CgiConfig extends CgiEnvConfig, GatewayReporting {
  command: string;
  args: readonly string[];
  /** `undefined`: the server's own working directory. */
  cwd: string | undefined;
  requestEnv: CgiOptions['requestEnv'];
  /** Milliseconds, `0` = off; likewise `stallTimeout`. */
  timeout: number;
  stallTimeout: number;
  killGrace: number;
  maxHeaderSize: number;
  /** The logger, each message prefixed with the program's name. */
  readonly log: (message: string) => void;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new InvalidOptionError(`cgi: ${name} must be a number >= 0`);
  }
  return value;
}

/**
 * Checks `options` and applies the defaults; the limiter holds the slots of this one gateway.
 *
 * @throws {InvalidOptionError} for a missing `command` or an invalid number.
 */
export function resolveCgiConfig(options: CgiOptions): { config: CgiConfig; limiter: Limiter } {
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
    where: 'cgi',
    onError: options.onError,
    log: (message) => logger(prefix + message),
  };
  const limiter = createLimiter(maxConcurrent, nonNegative('maxQueue', options.maxQueue, 64));
  return { config, limiter };
}
