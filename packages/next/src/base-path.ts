/**
 * Next's `basePath` in route handlers. Next removes it from `request.url` (and reports
 * `request.nextUrl.basePath` as `''`), yet the browser only reaches the app through it, so the
 * embedded app must see it in its mount path to build working links.
 */
import { splitUrl } from '@graft/core/adapter';

/**
 * The `basePath` Next compiled into this server bundle, or `''`. Next replaces
 * `process.env.__NEXT_ROUTER_BASEPATH` at build time in the code it bundles; when
 * `@graft/next` is left out of the bundle (`serverExternalPackages`) the variable is not set and
 * the `basePath` option must be given instead.
 */
export function configuredBasePath(): string {
  return process.env.__NEXT_ROUTER_BASEPATH ?? '';
}

/**
 * The public URL of a route handler's request (`basePath` + path), or `undefined` when there is
 * no `basePath` and `request.url` already is the public URL. Raw: nothing is re-encoded.
 */
export function publicUrl(requestUrl: string, basePath: string): string | undefined {
  if (basePath === '') return undefined;
  const url = splitUrl(requestUrl);
  return `${url.secure ? 'https' : 'http'}://${url.host}${basePath}${url.path}${url.search}`;
}
