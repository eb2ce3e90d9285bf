/**
 * Keeping anonymous visitors out of a protected mount: the one kind of request that passes
 * anyway (a CORS preflight, which browsers send without cookies), and the redirect to the host's
 * sign-in page with a safe way back. Each host adapter fills in its own conventions (NextAuth's
 * `callbackUrl`, Remix's `redirectTo`, the status, what the way back is relative to).
 */
import { safeRedirectPath } from '../shared/safe-redirect.js';

/**
 * A CORS preflight: `OPTIONS` with `Origin` and `Access-Control-Request-Method`, as browsers send
 * it (the Fetch standard's CORS-preflight request always carries both). Browsers never send
 * cookies on a preflight, so it is always anonymous; protected mounts let it through to the app,
 * which alone knows its CORS policy.
 */
export function isCorsPreflight(request: Request): boolean {
  return request.method === 'OPTIONS' && request.headers.has('origin') && request.headers.has('access-control-request-method');
}

/** Options of {@link signInRedirect}. */
export interface SignInRedirectOptions {
  /** The host's sign-in page: an absolute URL, or a path under `base` (`/login`, `login?x=1`). */
  signInPath: string;
  /** The query parameter that carries the way back, e.g. `callbackUrl` or `redirectTo`. */
  returnParam: string;
  /**
   * The way back after signing in, as the host's sign-in expects it (with or without the site's
   * base). It is checked with `safeRedirectPath`: anything that is not a path of this site
   * (`//evil.example/x`) becomes `fallback`.
   */
  returnTo: string;
  /** The way back when `returnTo` is not a safe path. Default `'/'`. */
  fallback?: string;
  /** The site's base path (`''`, `/docs`), put in front of a `signInPath` that is a path. Default `''`. */
  base?: string;
  /** The redirect status. Default `303` (the browser comes back with GET even after a POST). */
  status?: 301 | 302 | 303 | 307 | 308;
}

// A scheme (`https:`): the sign-in page is on another site, named in full.
const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The redirect that sends an anonymous visitor to the sign-in page and names the way back:
 * `/login?redirectTo=%2Ftools%2Fnotes%3Fx%3D1`. Not cached.
 *
 * @example
 * ```ts
 * signInRedirect({ signInPath: '/login', returnParam: 'redirectTo', returnTo: '/tools/x?y=1' });
 * // 303, Location: /login?redirectTo=%2Ftools%2Fx%3Fy%3D1
 * ```
 */
export function signInRedirect(options: SignInRedirectOptions): Response {
  const { signInPath, returnParam } = options;
  const base = (options.base ?? '').replace(/\/+$/, '');
  const target = ABSOLUTE_URL.test(signInPath) ? signInPath : base + (signInPath.startsWith('/') ? signInPath : `/${signInPath}`);
  const back = safeRedirectPath(options.returnTo, options.fallback ?? '/');
  const separator = target.includes('?') ? '&' : '?';
  const location = `${target}${separator}${encodeURIComponent(returnParam)}=${encodeURIComponent(back)}`;
  return new Response(null, { status: options.status ?? 303, headers: { location, 'cache-control': 'no-store' } });
}
