/**
 * The client's address for the embedded app. A Fetch `Request` carries none, and in a route
 * handler or loader the only trace of it is `X-Forwarded-For`: Next fills that header from the
 * socket when it is absent but keeps whatever a client sent, and other hosts pass on what the
 * client sent. So it is only trusted when told to.
 */

/**
 * Whether, and how far, to believe `X-Forwarded-For`:
 *
 * - `false` (default): never; the app gets no address.
 * - `true`: take the first (left-most) entry — the original client as the outermost proxy
 *   recorded it. Use this only when every proxy in front of the host replaces the header
 *   rather than appending to what the client sent.
 * - a number `n` ≥ 1: there are `n` trusted proxies in front of the host, each appending the
 *   address it saw, so the `n`-th entry from the right is the client (Express's `trust proxy`
 *   rule). With no proxy in front of Next, Next's own entry is the only one and `1` yields it.
 */
export type TrustProxy = boolean | number;

function entriesOf(header: string): string[] {
  return header
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** Strips `[...]` around IPv6 and a `:port` after IPv4, as some proxies send. */
function bareAddress(entry: string): string {
  if (entry.startsWith('[')) {
    const end = entry.indexOf(']');
    return end === -1 ? entry : entry.slice(1, end);
  }
  const colon = entry.indexOf(':');
  if (colon !== -1 && colon === entry.lastIndexOf(':') && entry.includes('.')) return entry.slice(0, colon);
  return entry;
}

/**
 * The client's address from `X-Forwarded-For` per {@link TrustProxy}, or `undefined`.
 */
export function clientAddress(request: Request, trustProxy: TrustProxy | undefined): string | undefined {
  if (!trustProxy) return undefined;
  const header = request.headers.get('x-forwarded-for');
  if (!header) return undefined;
  const entries = entriesOf(header);
  if (entries.length === 0) return undefined;
  if (trustProxy === true) return bareAddress(entries[0]!);
  const hops = Math.floor(trustProxy);
  if (!(hops >= 1)) return undefined;
  // Fewer entries than trusted hops: the left-most is the best that is known.
  const index = Math.max(0, entries.length - hops);
  return bareAddress(entries[index]!);
}
