/**
 * What a protected mount does with an anonymous visitor: send them to the host's sign-in page
 * with a way back.
 */
import { safeRedirectPath, splitUrl } from '@graft/core';

/** Options of {@link signInRedirect}. */
export interface SignInRedirectOptions {
  /** Next's `basePath`, put in front of both the sign-in page and the way back. Default `''`. */
  basePath?: string;
  /** The host's sign-in page. Default NextAuth's `/api/auth/signin`. */
  signInPath?: string;
  /** The query parameter carrying the way back. Default NextAuth's `callbackUrl`. */
  callbackParam?: string;
}

/** NextAuth's built-in sign-in page. */
export const DEFAULT_SIGN_IN_PATH = '/api/auth/signin';

/**
 * A redirect to the sign-in page that comes back to the requested URL afterwards:
 * `/api/auth/signin?callbackUrl=%2Ftools%2Fnotes%3Fx%3D1`. The way back is a path of this site
 * (checked with `safeRedirectPath`), which NextAuth's default `redirect` callback accepts and which
 * cannot point at another site: without a `basePath`, a request for `//evil.example/x` comes back
 * to `/`, not to `//evil.example/x`.
 *
 * GET and HEAD get `307`; other methods get `303`, so the browser follows with a GET instead of
 * re-sending a form body to the sign-in page.
 */
export function signInRedirect(request: Request, options: SignInRedirectOptions = {}): Response {
  const basePath = options.basePath ?? '';
  const { path, search } = splitUrl(request.url);
  const back = safeRedirectPath(basePath + path + search, `${basePath}/`);
  const target = `${basePath}${options.signInPath ?? DEFAULT_SIGN_IN_PATH}`;
  const separator = target.includes('?') ? '&' : '?';
  const location = `${target}${separator}${options.callbackParam ?? 'callbackUrl'}=${encodeURIComponent(back)}`;
  const status = request.method === 'GET' || request.method === 'HEAD' ? 307 : 303;
  return new Response(null, { status, headers: { location, 'cache-control': 'no-store' } });
}

/**
 * A CORS preflight: an `OPTIONS` request with `Access-Control-Request-Method`. Browsers never
 * send cookies on a preflight, so it is always anonymous; protected mounts let it through to the
 * app, which alone knows its CORS policy.
 */
export function isCorsPreflight(request: Request): boolean {
  return request.method === 'OPTIONS' && request.headers.has('access-control-request-method');
}
