/**
 * Keeping anonymous visitors out of a protected mount: the redirect to the host's sign-in page,
 * and the one kind of request that must pass anyway (CORS preflights carry no cookies).
 */
import { safeRedirectPath } from '@graft/core';

/** Default sign-in page of the redirect, relative to the basename. */
export const DEFAULT_SIGN_IN_PATH = '/login';
/** Default query parameter that carries the page to come back to. */
export const DEFAULT_REDIRECT_PARAM = 'redirectTo';

/** Options of {@link signInRedirect}. */
export interface SignInRedirectOptions {
  /** The host's sign-in page: a path under the basename (`/login`) or an absolute URL. */
  signInPath?: string;
  /** The site's basename, prepended to a `signInPath` that is a path. */
  basename?: string;
  /** The query parameter that carries the current URL. Default `redirectTo`. */
  redirectParam?: string;
}

/**
 * A `303 See Other` to the sign-in page with the requested path and query in `redirectParam`, so
 * the sign-in can send the visitor back. The path is given below the basename, as the framework's
 * `redirect()` expects it (it adds the basename). 303 makes the browser come back with GET even
 * after a POST. The way back is always a path of this site (checked with `safeRedirectPath`): a
 * request for `//evil.example/x` comes back to `/`, not to `//evil.example/x`.
 */
export function signInRedirect(request: Request, options: SignInRedirectOptions = {}): Response {
  const url = new URL(request.url);
  const signInPath = options.signInPath ?? DEFAULT_SIGN_IN_PATH;
  const basename = (options.basename ?? '').replace(/\/+$/, '');
  const target = /^[a-z][a-z0-9+.-]*:/i.test(signInPath)
    ? new URL(signInPath)
    : new URL(basename + (signInPath.startsWith('/') ? signInPath : `/${signInPath}`), url.origin);
  const back = safeRedirectPath(belowBasename(url.pathname, basename) + url.search, '/');
  target.searchParams.set(options.redirectParam ?? DEFAULT_REDIRECT_PARAM, back);
  const location = target.origin === url.origin ? target.pathname + target.search : target.href;
  return new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store' } });
}

function belowBasename(path: string, basename: string): string {
  if (basename === '') return path;
  if (path.toLowerCase() === basename.toLowerCase()) return '/';
  if (path.toLowerCase().startsWith(basename.toLowerCase() + '/')) return path.slice(basename.length);
  return path;
}

/** A CORS preflight: `OPTIONS` with `Origin` and `Access-Control-Request-Method`. */
export function isCorsPreflight(request: Request): boolean {
  return (
    request.method === 'OPTIONS' &&
    request.headers.has('origin') &&
    request.headers.has('access-control-request-method')
  );
}
