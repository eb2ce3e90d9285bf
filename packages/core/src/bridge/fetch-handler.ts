/**
 * Calling a fetch-style handler, the same way wherever Graft calls one (`callNodeApp`, `mount()`,
 * `toNodeListener`, the fetch mounts of `createMountServer`): which arguments it gets, and what
 * counts as its answer.
 */
import { isIP } from 'node:net';
import { isResponse } from '../shared/error-hook.js';

/**
 * The client of a request, as a fetch handler receives it (the shape Remix's server uses).
 * A type alias rather than an interface on purpose: it then fits an index-signature parameter,
 * so Remix's `(request, loadContext?: AppLoadContext)` handler type-checks as a
 * {@link FetchHandler}.
 */
export type ClientAddress = {
  /** The client's IP address (`req.socket.remoteAddress`, or `callNodeApp`'s `remoteAddress`). */
  address: string;
  family: 'IPv4' | 'IPv6';
  /** The client's port (`req.socket.remotePort`, or `callNodeApp`'s `remotePort`). */
  port: number;
};

/**
 * A web-standard request handler. As with `@remix-run/node-fetch-server`, `client` is passed
 * only to a handler that declares two parameters (`handler.length >= 2`), so handlers whose
 * optional second parameter means something else — Remix v2's `createRequestHandler(build)`
 * (`(request, loadContext = {})`), Hono's `app.fetch` — are called with the `Request` alone.
 * React Router 7's handler declares `(request, initialContext)`: wrap it,
 * `(request) => handle(request, loadContext)`, as any framework handler that needs a context.
 */
export type FetchHandler = (request: Request, client: ClientAddress) => Response | Promise<Response>;

/** The {@link ClientAddress} of a client known by its address and port (either may be unknown). */
export function clientAddressOf(address: string | undefined, port: number | undefined, family?: string): ClientAddress {
  const ip = address ?? '';
  return {
    address: ip,
    family: isIP(ip) === 6 || (isIP(ip) === 0 && family === 'IPv6') ? 'IPv6' : 'IPv4',
    port: port ?? 0,
  };
}

/**
 * Calls `handler` for `request` — with `client()` as its second argument only if it declares
 * two parameters (see {@link FetchHandler}) — and returns what it returned, synchronously: a
 * `Response`, a promise, or anything else for {@link checkFetchResult} to refuse. Throws what
 * the handler throws.
 */
export function invokeFetchHandler(handler: FetchHandler, request: Request, client: () => ClientAddress): unknown {
  return handler.length >= 2 ? handler(request, client()) : (handler as (request: Request) => unknown)(request);
}

/**
 * `result` if it is a usable `Response`; otherwise throws the `TypeError` that reports the
 * handler's mistake: a value that is not a `Response`, or `Response.error()` (a network error,
 * which no server can send).
 */
export function checkFetchResult(result: unknown): Response {
  if (!isResponse(result)) throw new TypeError(`the fetch handler returned ${describe(result)}, not a Response`);
  if (result.status === 0) throw new TypeError('the fetch handler returned Response.error(), which cannot be sent');
  return result;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return `an object (${Object.prototype.toString.call(value)})`;
}
