/**
 * A client that leaves before the app has answered is not an error of the host: `callNodeApp`
 * rejects with the request's abort reason (as `fetch` does), and a host route should answer with
 * an empty response nobody will read instead of logging an exception. Adapters share these.
 */

/** True when `error` is the rejection `callNodeApp` gives for an aborted `request`. */
export function isClientGone(request: Request, error: unknown): boolean {
  if (!request.signal.aborted) return false;
  if (error === request.signal.reason) return true;
  return error instanceof Error && error.name === 'AbortError';
}

/** The empty, uncacheable response a route returns to a client that is already gone. */
export function clientGoneResponse(): Response {
  return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
}
