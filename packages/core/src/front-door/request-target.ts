/**
 * The request target as the front door routes on it: its raw path and query, or the reason it
 * is refused (400).
 *
 * The URL map matches raw bytes and hands each app exactly the raw tail it cut off (see
 * `url-map.ts`). A root app built on WHATWG URL parsing — Next, Remix, anything that does
 * `new URL(req.url, base)` — does not route on those bytes but on the path the URL parser makes
 * of them, and the parser can move a path across a mount boundary: `/x/../tools/a`,
 * `/%2e/tools/a`, `/x/..\tools\a` become `/tools/a`; `/tools#a` becomes `/tools`; `//h/tools/a`
 * (resolved against a base) becomes host `h`, path `/tools/a`. The front door matched such a
 * target to the root mount, so the root app would serve its `/tools` routes without the `/tools`
 * mount's gate. Rather than normalise (and hand apps a path the client never sent), the front
 * door refuses every target on which the parser and the raw bytes could disagree about
 * segments; what it accepts, WHATWG parsing leaves segment for segment as it is (it may only
 * percent-encode bytes inside a segment), so the mount matched is the mount whose prefix the
 * path really has. Browsers and HTTP clients normalise before sending, so real clients never
 * meet the refusal.
 */
import { splitTarget, splitUrl } from '../shared/mount-path.js';

/** An accepted request target: the raw target and its path / query split. */
export interface RequestTarget {
  /** The raw path and query (absolute-form reduced to them). */
  readonly target: string;
  /** The raw path: starts with `/`, no query. */
  readonly path: string;
  /** The raw query with its `?`, or `''`. */
  readonly search: string;
}

/** A refused request target: why, as the 400 answer says it. */
export interface RefusedTarget {
  readonly refused: string;
}

// Characters WHATWG parsing strips or reads as a separator: C0 controls, space and DEL (tabs and
// newlines are removed, leading/trailing controls trimmed) and `\` (a `/` in http(s) URLs).
const UNSAFE_BEFORE_QUERY = /[\u0000-\u0020\u007f\\]/;
// A `.` or `..` segment, in any mix of `.` and `%2e`/`%2E` (WHATWG resolves all of them).
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?=\/|$)/i;

/**
 * Parses the target of a request line for routing. Origin-form (`/a?b`) is kept as it is;
 * absolute-form (`http://host/a?b`, what proxies send) is reduced to its path and query. It is
 * refused when it has no path (`*`, authority-form), a fragment (`#`), a `\`, a control
 * character, a dot-segment (`.`, `..`, `%2e`, `.%2e`, …), or a path starting with `//`.
 */
export function parseRequestTarget(url: string | undefined): RequestTarget | RefusedTarget {
  if (url === undefined) return { refused: 'the request target must be a path' };
  let target = url;
  if (url.charCodeAt(0) !== 47 /* / */) {
    if (!/^https?:\/\//i.test(url)) return { refused: 'the request target must be a path' };
    // The authority is checked too: `http://h\x/…` is host `h`, path `/x/…` to a URL parser.
    if (url.includes('#') || UNSAFE_BEFORE_QUERY.test(splitTarget(url).path)) return refusal(url);
    const parts = splitUrl(url);
    target = parts.path + parts.search;
  }
  const { path, search } = splitTarget(target);
  if (target.includes('#') || UNSAFE_BEFORE_QUERY.test(path)) return refusal(target);
  if (path.charCodeAt(1) === 47 /* / */) {
    return { refused: 'the path must not start with "//" (a URL parser reads what follows as a host)' };
  }
  if (DOT_SEGMENT.test(path)) {
    return { refused: 'the path has a "." or ".." segment (or a %2e form of one); send the resolved path' };
  }
  return { target, path, search };
}

/** Whether {@link parseRequestTarget} refused the target. */
export function isRefused(parsed: RequestTarget | RefusedTarget): parsed is RefusedTarget {
  return (parsed as RefusedTarget).refused !== undefined;
}

function refusal(target: string): RefusedTarget {
  return {
    refused: target.includes('#')
      ? 'the request target must not have a fragment ("#")'
      : 'the path must not contain "\\", spaces or control characters',
  };
}
