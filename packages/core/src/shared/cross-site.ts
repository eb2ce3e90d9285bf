/**
 * Cross-origin (CSRF) protection for state-changing requests, by the browser's own metadata:
 * `Sec-Fetch-Site`, else `Origin`. It is the rule of Go 1.25's `http.CrossOriginProtection`:
 *
 * 1. `GET`, `HEAD` and `OPTIONS` always pass: they must not change state, and CORS preflights
 *    (`OPTIONS`) must reach the app.
 * 2. With `Sec-Fetch-Site` (every current browser sends it): `same-origin` and `none` (typed by
 *    the user, a bookmark) pass; `same-site` and `cross-site` are refused. `same-site` matters:
 *    a page on another port or subdomain of the same host is same-site, its requests carry
 *    `SameSite=Lax` cookies, and only this check stops them.
 * 3. Without it, an `Origin` must name the request's own host (the `Host` header).
 * 4. With neither header the request is not from a browser (curl, git, a server) or from a very
 *    old one: it passes. Such clients cannot be made to send the victim's cookies by a web page.
 * 5. Origins listed in `trustedOrigins` pass in steps 2 and 3 (e.g. a partner allowed by CORS).
 *
 * No tokens, no state, no change to the embedded app: a host puts the check in front of every
 * app it mounts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidOptionError } from './errors.js';
import { splitUrl } from './mount-path.js';
import { plainTextResponse, sendPlainText } from './plain-text.js';

/** Options of the cross-origin checks. */
export interface CrossOriginProtectionOptions {
  /**
   * Origins, as `scheme://host[:port]` with no path, whose browser requests may change state
   * although they come from elsewhere, e.g. a partner site the app allows by CORS with
   * credentials. Compared exactly with the request's `Origin` header. Default none.
   */
  trustedOrigins?: readonly string[];
}

/** A request the check can read: a Fetch `Request` or Node's `IncomingMessage`. */
export type CheckedRequest = Request | IncomingMessage;

/** Answers `true` when the request must be refused as a cross-origin write. */
export type CrossOriginCheck = (request: CheckedRequest) => boolean;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The body of the refusal: no detail about the server, just what happened. */
const REFUSAL_TEXT = 'Forbidden: this site does not accept state-changing requests from other origins.\n';

function normalizeTrustedOrigin(origin: unknown): string {
  if (typeof origin !== 'string') throw new InvalidOptionError('trustedOrigins must be strings');
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new InvalidOptionError(`trustedOrigins: ${JSON.stringify(origin)} is not a URL`);
  }
  const bare = origin.endsWith('/') ? origin.slice(0, -1) : origin;
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== bare.toLowerCase()) {
    throw new InvalidOptionError(
      `trustedOrigins: ${JSON.stringify(origin)} must be an origin such as "https://partner.example" (scheme, host, optional port; no path)`,
    );
  }
  return url.origin;
}

function isFetchRequest(request: CheckedRequest): request is Request {
  return typeof (request.headers as Headers).get === 'function';
}

function header(request: CheckedRequest, name: string): string | undefined {
  const { headers } = request;
  if (isFetchRequest(request)) return request.headers.get(name) ?? undefined;
  const value = (headers as IncomingMessage['headers'])[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The host the request was sent to: its `Host` header (the public host under `next start`). */
function requestHost(request: CheckedRequest): string | undefined {
  const host = header(request, 'host');
  if (host) return host;
  return isFetchRequest(request) ? splitUrl(request.url).host : undefined;
}

/** The `host[:port]` of an `Origin` header, or `undefined` for `null` and anything unparsable. */
function originHost(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Builds the check once, validating `options`.
 *
 * @throws {InvalidOptionError} when a trusted origin is not a bare `http(s)` origin.
 */
export function createCrossOriginCheck(options: CrossOriginProtectionOptions = {}): CrossOriginCheck {
  const trusted = new Set((options.trustedOrigins ?? []).map(normalizeTrustedOrigin));
  const isTrusted = (request: CheckedRequest) => {
    const origin = header(request, 'origin');
    return origin !== undefined && trusted.has(origin.toLowerCase());
  };

  return function isRefusedCrossOrigin(request) {
    const method = (request.method ?? 'GET').toUpperCase();
    if (SAFE_METHODS.has(method)) return false;

    const site = header(request, 'sec-fetch-site')?.trim().toLowerCase();
    if (site) {
      if (site === 'same-origin' || site === 'none') return false;
      return !isTrusted(request);
    }

    const origin = header(request, 'origin');
    if (origin === undefined || origin === '') return false;
    const from = originHost(origin);
    const to = requestHost(request);
    if (from !== undefined && to !== undefined && from === to.toLowerCase()) return false;
    return !isTrusted(request);
  };
}

/**
 * Whether `request` is a state-changing request a browser sent from another origin (including
 * another port or subdomain of the same site), which a host should refuse. See the module
 * documentation for the rule.
 *
 * @throws {InvalidOptionError} when a trusted origin is not a bare `http(s)` origin.
 */
export function isCrossOriginRequest(request: CheckedRequest, options: CrossOriginProtectionOptions = {}): boolean {
  return createCrossOriginCheck(options)(request);
}

/** The `403` a refused request gets: plain text, not cached. */
export function crossOriginForbiddenResponse(): Response {
  return plainTextResponse(403, REFUSAL_TEXT);
}

/**
 * For Fetch hosts (Next route handlers, Remix actions): a `403` response when `request` is a
 * cross-origin write, else `null` — call the app only then.
 *
 * @example
 * ```ts
 * export async function POST(request: Request) {
 *   const refused = crossOriginRefusal(request);
 *   if (refused) return refused;
 *   return callNodeApp(app, request, { mountPath: '/tools/legacy' });
 * }
 * ```
 * @throws {InvalidOptionError} when a trusted origin is not a bare `http(s)` origin.
 */
export function crossOriginRefusal(request: Request, options: CrossOriginProtectionOptions = {}): Response | null {
  return isCrossOriginRequest(request, options) ? crossOriginForbiddenResponse() : null;
}

/** A Connect/Express middleware. */
export type CrossOriginMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * For Node hosts (`createMountServer`, Express, Connect): a middleware that answers cross-origin
 * writes with `403` and passes everything else on. Put it in front of the apps it protects.
 *
 * @example
 * ```ts
 * const tools = express();
 * tools.use(crossOriginProtection({ trustedOrigins: ['https://partner.example'] }));
 * tools.use('/notes', notesApp);
 * ```
 * @throws {InvalidOptionError} when a trusted origin is not a bare `http(s)` origin.
 */
export function crossOriginProtection(options: CrossOriginProtectionOptions = {}): CrossOriginMiddleware {
  const isRefused = createCrossOriginCheck(options);
  return function crossOriginProtectionMiddleware(req, res, next) {
    if (!isRefused(req)) {
      next();
      return;
    }
    sendPlainText(res, 403, REFUSAL_TEXT);
  };
}
