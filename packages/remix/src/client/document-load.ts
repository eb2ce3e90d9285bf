/**
 * The frameworks' own "load this URL as a document" answer: what `redirectDocument()` makes in
 * Remix v2 and React Router 7, built here so the browser code needs neither framework.
 */

/** The header both client routers read as "leave the client router, load the page" (`X-Remix-Reload-Document`). */
export const RELOAD_DOCUMENT_HEADER = 'X-Remix-Reload-Document';

/**
 * A `302` to `url` that the client router follows with a full document load
 * (`window.location.assign`), as `redirectDocument(url)` does. `url` should be absolute: a
 * same-origin absolute URL is taken as is, basename included, by both routers.
 */
export function documentLoad(url: string): Response {
  return new Response(null, { status: 302, headers: { Location: url, [RELOAD_DOCUMENT_HEADER]: 'true' } });
}
