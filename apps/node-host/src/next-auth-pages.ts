/**
 * NextAuth's built-in pages (served by the Next demo at `/`), where the front door sends visitors
 * to sign in and out.
 */
import { safeRedirectPath } from '@graft/core';

export const SIGN_IN_PATH = '/api/auth/signin';
export const SIGN_OUT_PATH = '/api/auth/signout';

/**
 * The sign-in page, coming back to `returnTo` afterwards: `/api/auth/signin?callbackUrl=%2Ftools%2F`.
 * The way back stays a path of this server (`@graft/core`'s `safeRedirectPath`: the Next demo's
 * redirect callback accepts it, and it cannot lead to another site); anything else (`//evil.test`,
 * `https://…`, `/\t/evil.test`) becomes `/`.
 */
export function signInPath(returnTo: string): string {
  const local = safeRedirectPath(returnTo, '/');
  return `${SIGN_IN_PATH}?callbackUrl=${encodeURIComponent(local)}`;
}

/** The sign-out page, coming back to the home page afterwards. */
export const SIGN_OUT_PAGE = `${SIGN_OUT_PATH}?callbackUrl=${encodeURIComponent('/')}`;
