/**
 * Next's `basePath` in route handlers. Next removes it from `request.url` (and reports
 * `request.nextUrl.basePath` as `''`), yet the browser only reaches the app through it, so the
 * embedded app must see it in its mount path to build working links.
 */
import { deriveRequest, splitUrl } from '@graft/core/adapter';

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
 * Returns a request for the public URL (`basePath` + path), sharing the original's method,
 * headers, body stream and abort signal. Returns `request` itself when there is no `basePath`.
 */
export function withBasePath(request: Request, basePath: string): Request {
  if (basePath === '') return request;
  const url = splitUrl(request.url);
  const publicUrl = `${url.secure ? 'https' : 'http'}://${url.host}${basePath}${url.path}${url.search}`;
  return deriveRequest(request, { url: publicUrl });
}
