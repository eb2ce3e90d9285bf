/**
 * A client that leaves before the app has answered is not an error of the host: core rejects
 * with the request's abort reason (as `fetch` does), and the route answers with an empty response
 * that nobody will read, instead of a logged exception.
 */

/** True when `error` is the rejection core gives for an aborted `request`. */
export function isClientGone(request: Request, error: unknown): boolean {
  if (!request.signal.aborted) return false;
  if (error === request.signal.reason) return true;
  return error instanceof Error && error.name === 'AbortError';
}

/** The empty response returned to a client that is already gone. */
export function clientGoneResponse(): Response {
  return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
}
