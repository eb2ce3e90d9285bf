/**
 * What a protected mount does with an anonymous visitor in Next: send them to NextAuth's (or the
 * host's) sign-in page with the public URL to come back to.
 */
import { signInRedirect as coreSignInRedirect, splitUrl } from '@graft/core/adapter';

/** Options of {@link signInRedirect}. */
export interface SignInRedirectOptions {
  /** Next's `basePath`, put in front of both the sign-in page and the way back. Default `''`. */
  basePath?: string;
  /** The host's sign-in page. Default NextAuth's `/api/auth/signin`. */
  signInPath?: string;
  /** The query parameter carrying the way back. Default NextAuth's `callbackUrl`. */
  returnParam?: string;
}

/** NextAuth's built-in sign-in page. */
export const DEFAULT_SIGN_IN_PATH = '/api/auth/signin';
/** NextAuth's parameter for the page to come back to. */
export const DEFAULT_RETURN_PARAM = 'callbackUrl';

/**
 * A redirect to the sign-in page that comes back to the requested URL afterwards:
 * `/api/auth/signin?callbackUrl=%2Ftools%2Fnotes%3Fx%3D1`. The way back is the public path
 * (with `basePath`, which Next removed from `request.url`), which NextAuth's default `redirect`
 * callback accepts; it is checked with `safeRedirectPath`, so without a `basePath` a request for
 * `//evil.example/x` comes back to `/`, not to `//evil.example/x`.
 *
 * GET and HEAD get `307`; other methods get `303`, so the browser follows with a GET instead of
 * re-sending a form body to the sign-in page.
 */
export function signInRedirect(request: Request, options: SignInRedirectOptions = {}): Response {
  const basePath = options.basePath ?? '';
  const { path, search } = splitUrl(request.url);
  return coreSignInRedirect({
    signInPath: options.signInPath ?? DEFAULT_SIGN_IN_PATH,
    returnParam: options.returnParam ?? DEFAULT_RETURN_PARAM,
    returnTo: basePath + path + search,
    fallback: `${basePath}/`,
    base: basePath,
    status: request.method === 'GET' || request.method === 'HEAD' ? 307 : 303,
  });
}
