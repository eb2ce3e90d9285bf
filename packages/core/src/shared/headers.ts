/**
 * Header plumbing shared by the request and response sides of the bridge.
 */

/**
 * Connection-specific ("hop-by-hop") fields, RFC 9110 §7.6.1. They describe one HTTP connection,
 * and the bridge is not one: the host speaks to the client over its own connection.
 * `trailer` is included because trailers cannot cross a Fetch `Response`.
 */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

// RFC 9110 §5.1: a field name is a token.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Whether `name` is a valid header field name (an RFC 9110 token). */
export function isHeaderName(name: string): boolean {
  return TOKEN.test(name);
}

// RFC 9110 §5.5: no CR, LF or NUL (what undici's Headers and Node's setHeader refuse too).
const INVALID_VALUE = /[\r\n\0]/;

/** Whether `value` may be sent as a header field value: no CR, LF or NUL. */
export function isHeaderValue(value: string): boolean {
  return !INVALID_VALUE.test(value);
}

/** Lower-cased field names listed in a `Connection` header, which are hop-by-hop as well. */
function connectionTokens(value: string): string[] {
  return value
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '' && t !== 'close' && t !== 'keep-alive');
}

/**
 * Turns the header block Node has just serialised for a response (`res._header`) into header
 * pairs for a Fetch `Response`, dropping hop-by-hop fields.
 *
 * Reading Node's own serialisation (instead of `res.getHeaders()`) is deliberate: it is exactly
 * what Node would put on the wire, after every header-setting path (`setHeader`, `appendHeader`,
 * `writeHead(status, obj | array)`) and after Node's validation, with repeated fields — each
 * `Set-Cookie` — as separate lines. Pairs (not a `Headers`) because `new Response()` copies its
 * `headers` init anyway; building a `Headers` first would validate every field twice.
 */
export function headerPairsFromHeaderBlock(block: string): [string, string][] {
  const pairs: [string, string][] = [];
  let listed: string[] | undefined;
  // Skip the status line; the block ends with an empty line.
  let start = block.indexOf('\r\n') + 2;
  while (start < block.length) {
    const end = block.indexOf('\r\n', start);
    if (end === -1 || end === start) break;
    const colon = block.indexOf(':', start);
    if (colon > start && colon < end) {
      const name = block.slice(start, colon);
      // Node writes `name: value`; values were validated when they were set.
      const value = block.slice(colon + 1, end).trim();
      const lower = name.toLowerCase();
      if (!HOP_BY_HOP_HEADERS.has(lower)) pairs.push([name, value]);
      // Node writes `Connection: keep-alive` or `close` on every response: nothing listed there.
      else if (lower === 'connection' && value !== 'keep-alive' && value !== 'close') {
        (listed ??= []).push(...connectionTokens(value));
      }
    }
    start = end + 2;
  }
  return listed ? pairs.filter(([name]) => !listed!.includes(name.toLowerCase())) : pairs;
}

/** HTTP statuses whose responses never have a body (Fetch's "null body status"). */
export function isNullBodyStatus(status: number): boolean {
  return status === 204 || status === 205 || status === 304 || (status >= 100 && status < 200);
}
