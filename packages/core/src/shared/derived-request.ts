/**
 * `deriveRequest`: a copy of the host's `Request` with another URL or other headers, whose
 * `signal` keeps following the host's.
 *
 * `new Request(url, { signal })` makes a dependent signal that the parent reaches only through a
 * weak reference (undici): once nothing but the copy's `signal` (or a listener on it) is left,
 * the copy is collected and the client's departure never reaches it. A call whose app holds
 * nothing else — an app waiting on a request that never ends — then waits forever. The copy is
 * therefore kept alive by a listener on the host's own signal, which the host keeps as long as the
 * request lives.
 */

/** What may differ in the copy: the URL and the headers (method, body and signal are the host's). */
export interface RequestChanges {
  url?: string;
  headers?: HeadersInit;
}

/** Returns a copy of `request` with `changes`, streaming its body and following its `signal`. */
export function deriveRequest(request: Request, changes: RequestChanges): Request {
  const init: RequestInit & { duplex?: 'half' } = {
    method: request.method,
    headers: changes.headers ?? request.headers,
    body: request.body,
    signal: request.signal,
    redirect: request.redirect,
  };
  if (request.body) init.duplex = 'half';
  const copy = new Request(changes.url ?? request.url, init);
  if (!request.signal.aborted) {
    const keepCopyAlive = () => copy;
    request.signal.addEventListener('abort', keepCopyAlive, { once: true });
  }
  return copy;
}
