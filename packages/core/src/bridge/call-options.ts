/**
 * The options of one `callNodeApp` call, their defaults, and the checks that turn wiring mistakes
 * into typed errors before the app runs.
 */
import type { FetchErrorInfo, GraftErrorHandler } from '../shared/error-hook.js';
import { InvalidOptionError } from '../shared/errors.js';
import { isHeaderName, isHeaderValue } from '../shared/headers.js';
import { canonicalHeaderName, checkIdentityHeader, type IdentityInput, normalizeIdentity, protectedHeaderSet } from '../shared/identity.js';
import { splitMount, type UrlParts } from '../shared/mount-path.js';
import type { GraftContext } from './request.js';

/**
 * Options of `callNodeApp`: where the app is mounted, who is signed in, and the limits of the call.
 * They mean the same for a Node app and a fetch app; where a fetch app receives them differently,
 * the option says how.
 */
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
   * The URL the app sees, when the host's `request.url` is not the one the client used (Next
   * removes its `basePath` from a route handler's `request.url`). An absolute `http:`/`https:`
   * URL; `pathInfo`/`mountPath` split its path. Default: `request.url`. A fetch app gets a copy of
   * the `Request` with this URL.
   */
  url?: string;
  /**
   * Request headers the app gets in place of the client's, by lower-case name, e.g.
   * `{ 'accept-encoding': 'identity' }`. A Node app reads them in `req.headers` (no copy of the
   * `Request` is made); a fetch app gets a copy of the `Request` with them. Identity headers
   * cannot be set this way: use `identity` and `identityHeader`.
   */
  requestHeaders?: Readonly<Record<string, string>>;
  /**
   * Who is signed in, as the host vouches for it: an {@link Identity}, a bare user id, or `null`
   * for an anonymous request. The app reads it from `req.graft.identity` (and from
   * `identityHeader`, if set); a fetch app from `getMountIdentity(request)`.
   */
  identity?: IdentityInput;
  /**
   * Also deliver `identity.id` in this request header (e.g. `x-remote-user`), for apps that read
   * a trusted header. Client-sent copies of it — in any case, with `_` for `-` — are always
   * removed, as are the common identity headers listed in `PROTECTED_IDENTITY_HEADERS` (for a
   * fetch app, from the `Request` it receives: a copy is made only when a header must change).
   */
  identityHeader?: string;
  /**
   * Per-call values for the app: `req.graft.locals`, and Express's `res.locals`; a fetch app's
   * `getMountContext(request).locals`.
   */
  locals?: Record<string, unknown>;
  /**
   * The client's address (`req.socket.remoteAddress`, Express's `req.ip`; a fetch handler that
   * declares two parameters gets it as `client.address`).
   */
  remoteAddress?: string;
  /** The client's port (`req.socket.remotePort`; a fetch handler's `client.port`). */
  remotePort?: number;
  /**
   * Milliseconds the app has to send its response head; after that the call resolves with 504
   * and the app sees its connection close. Default 30 000; `0` disables it. Streaming responses
   * are not limited once their head is sent. A fetch app has until its `Response` to answer; its
   * `request.signal` is the host's (it aborts when the client leaves), so the timeout resolves
   * the call with the 504 without interrupting it, and the late `Response`'s body is cancelled.
   */
  timeout?: number;
  /**
   * How many response bytes may wait for the host to read them before `res.write()` returns
   * false. Default 64 KiB. (A fetch app's body is its own stream, read as the host reads.)
   */
  highWaterMark?: number;
  /**
   * Called when the app throws, rejects or emits `'error'` on `res` — a fetch app: throws,
   * rejects, answers something that is not a `Response`, or its body fails — with
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
  const { url, requestHeaders } = options;
  if (url !== undefined && !(typeof url === 'string' && /^https?:\/\/[^/?#]/.test(url))) {
    throw new InvalidOptionError(`url must be an absolute http: or https: URL, got ${JSON.stringify(url)}`);
  }
  if (requestHeaders !== undefined) checkRequestHeaders(requestHeaders, options.identityHeader);
}

/** `requestHeaders`: lower-case field names, valid values, and no identity header among them. */
function checkRequestHeaders(headers: Readonly<Record<string, string>>, identityHeader: string | undefined): void {
  const protectedNames = protectedHeaderSet(identityHeader);
  for (const name in headers) {
    const value = headers[name];
    if (!isHeaderName(name) || name !== name.toLowerCase()) {
      throw new InvalidOptionError(`requestHeaders: ${JSON.stringify(name)} is not a lower-case header field name`);
    }
    if (protectedNames.has(canonicalHeaderName(name))) {
      throw new InvalidOptionError(`requestHeaders: ${name} is an identity header; pass the identity as identity (and identityHeader)`);
    }
    if (typeof value !== 'string' || !isHeaderValue(value)) {
      throw new InvalidOptionError(`requestHeaders: the value of ${name} is not a valid header value`);
    }
  }
}

/**
 * Prepares the app's view of `request` (`req.graft`, or a fetch app's `getMountContext`) from
 * checked options (see {@link validateOptions}) and the parts of the URL the app sees: the mount
 * split of its raw path and the normalised identity.
 *
 * @throws {MountMismatchError} when `pathInfo`/`mountPath` do not fit the path.
 * @throws {InvalidIdentityError} for an identity that cannot be delivered.
 */
export function callContext(request: Request, url: UrlParts, options: CallNodeAppOptions): GraftContext {
  const split = splitMount(url.path, options);
  return {
    identity: normalizeIdentity(options.identity),
    locals: options.locals ?? {},
    mountPath: split.mountPath,
    pathInfo: split.pathInfo,
    request,
  };
}
