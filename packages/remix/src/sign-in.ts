/**
 * What a protected mount does with an anonymous visitor in Remix and React Router: a `303` to
 * the host's sign-in page with the path to come back to, below the basename as the framework's
 * `redirect()` expects it.
 */
import { signInRedirect as coreSignInRedirect, splitUrl } from '@graft/core/adapter';

/** Default sign-in page of the redirect, relative to the basename. */
export const DEFAULT_SIGN_IN_PATH = '/login';
/** Default query parameter that carries the page to come back to. */
export const DEFAULT_RETURN_PARAM = 'redirectTo';

/** Options of {@link signInRedirect}. */
export interface SignInRedirectOptions {
  /** The host's sign-in page: a path under the basename (`/login`) or an absolute URL. */
  signInPath?: string;
  /** The site's basename, prepended to a `signInPath` that is a path. */
  basename?: string;
  /** The query parameter that carries the current URL. Default `redirectTo`. */
  returnParam?: string;
}

/**
 * A `303 See Other` to the sign-in page with the requested path and query in `returnParam`, so
 * the sign-in can send the visitor back. The path is given below the basename, as the framework's
 * `redirect()` expects it (it adds the basename). 303 makes the browser come back with GET even
 * after a POST. The way back is always a path of this site (checked with `safeRedirectPath`): a
 * request for `//evil.example/x` comes back to `/`, not to `//evil.example/x`.
 */
export function signInRedirect(request: Request, options: SignInRedirectOptions = {}): Response {
  const { path, search } = splitUrl(request.url);
  const basename = (options.basename ?? '').replace(/\/+$/, '');
  return coreSignInRedirect({
    signInPath: options.signInPath ?? DEFAULT_SIGN_IN_PATH,
    returnParam: options.returnParam ?? DEFAULT_RETURN_PARAM,
    returnTo: belowBasename(path, basename) + search,
    base: basename,
  });
}

function belowBasename(path: string, basename: string): string {
  if (basename === '') return path;
  if (path.toLowerCase() === basename.toLowerCase()) return '/';
  if (path.toLowerCase().startsWith(`${basename.toLowerCase()}/`)) return path.slice(basename.length);
  return path;
}
