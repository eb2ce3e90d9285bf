/**
 * The options of one `callNodeApp` call, their defaults, and the checks that turn wiring mistakes
 * into typed errors before the app runs.
 */
import type { FetchErrorInfo, GraftErrorHandler } from '../shared/error-hook.js';
import { InvalidOptionError } from '../shared/errors.js';
import { checkIdentityHeader, type IdentityInput } from '../shared/identity.js';

/** Options of `callNodeApp`: where the app is mounted, who is signed in, and the limits of the call. */
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
   * Called when the app throws, rejects or emits `'error'` on `res`, with
   * `{ where: 'app', request, headersSent }` — the one `onError` contract of Graft
   * ({@link GraftErrorHandler}). Before the head is sent, a returned `Response` replaces the
   * plain-text 500, and a thrown error rejects `callNodeApp`'s promise (rethrowing to the host).
   * Afterwards the body is cut short and the hook only reports. Default: `console.error`.
   */
  onError?: GraftErrorHandler<FetchErrorInfo>;
}

/** Milliseconds the app has to send its head when `timeout` is not given. */
export const DEFAULT_TIMEOUT = 30_000;

/** Response bytes that may wait for the host's reader when `highWaterMark` is not given. */
export const DEFAULT_HIGH_WATER_MARK = 64 * 1024;

/**
 * Throws an {@link InvalidOptionError} (or `checkIdentityHeader`'s error) for options that cannot
 * work, so a wiring mistake is reported before the app runs, not as odd behaviour.
 */
export function validateOptions(options: CallNodeAppOptions): void {
  const { timeout, highWaterMark } = options;
  checkIdentityHeader(options.identityHeader);
  if (timeout !== undefined && !(timeout >= 0)) {
    throw new InvalidOptionError(`timeout must be a number of milliseconds >= 0, got ${String(timeout)}`);
  }
  if (highWaterMark !== undefined && !(highWaterMark > 0 && Number.isFinite(highWaterMark))) {
    throw new InvalidOptionError(`highWaterMark must be a positive number of bytes, got ${String(highWaterMark)}`);
  }
}
