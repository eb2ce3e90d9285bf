/**
 * The site's basename, for the few places that need it outside Remix's own links and redirects.
 * It is `/` unless the site was built with REMIX_BASENAME (see `vite.config.ts`), which also
 * sets Vite's `base` — the one value both the server and the browser bundle are built with.
 */
export const SITE_BASENAME: string = import.meta.env.BASE_URL.replace(/\/+$/, '') || '/';

/** A path of the site (`/login`) as a path of the whole server (`/remix/login` under a basename). */
export function sitePath(path: string): string {
  return SITE_BASENAME === '/' ? path : `${SITE_BASENAME}${path}`;
}
