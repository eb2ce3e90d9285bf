/**
 * URL map: which mounted app a request path belongs to, Rack's URLMap rule. The longest
 * segment-aligned prefix wins, so `/tools` takes `/tools` and `/tools/x` but never `/toolsbox`,
 * and `/tools/admin` takes precedence over `/tools` for its own subtree.
 *
 * Matching is on the raw path, byte for byte, as the client sent it (no decoding, no `//`
 * squeezing, case-sensitive): the app then receives exactly the tail the map cut off, so what
 * was matched and what the app routes on can never disagree. The front door refuses, before
 * matching, the targets a URL parser would resolve to another path (`request-target.ts`), so
 * raw matching also agrees with what a WHATWG-normalising app routes on.
 */
import { InvalidOptionError } from '../shared/errors.js';
import { mountTail } from '../shared/mount-path.js';

/** One mount: a normalised prefix and what is mounted there. */
export interface UrlMapEntry<T> {
  /** The prefix as the app's `req.baseUrl`: `''` for the root, else `/a` or `/a/b`. */
  readonly prefix: string;
  readonly target: T;
}

/** Mounts ordered longest prefix first, so the first hit is the longest match. */
export type UrlMap<T> = readonly UrlMapEntry<T>[];

/** A path matched against a {@link UrlMap}: the mount and the path split at its prefix. */
export interface UrlMatch<T> {
  readonly entry: UrlMapEntry<T>;
  /** The raw tail the app routes on; always starts with `/` (`/` for the bare prefix). */
  readonly pathInfo: string;
}

// A raw path prefix: `/`, or `/`-separated non-empty segments without query, fragment or spaces.
const PREFIX = /^(?:\/[^/?#\s]+)*\/?$/;
// What no accepted request path has (see `request-target.ts`): `\\` or a dot-segment.
const UNREACHABLE = /\\|(?:^|\/)(?:\.|%2e){1,2}(?=\/|$)/i;

/**
 * Normalises a mount prefix: `'/'` and `''` mean the root (`''`), a trailing `/` is dropped.
 *
 * @throws {InvalidOptionError} for a prefix that is not an absolute path of non-empty segments
 * (`tools`, `/a//b`, `/a?b`), or has a `\` or a `.`/`..` segment (`/a/../b`, `/%2e`): such a
 * prefix could never match, or not where the host expects.
 */
export function normalizeMountPrefix(prefix: string): string {
  if (prefix === '' || prefix === '/') return '';
  if (typeof prefix !== 'string' || !PREFIX.test(prefix) || UNREACHABLE.test(prefix)) {
    throw new InvalidOptionError(
      `mount prefix ${JSON.stringify(prefix)} must be "/" or an absolute path of non-empty segments like "/tools"`,
    );
  }
  return prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
}

/**
 * Builds a URL map from `[prefix, target]` pairs.
 *
 * @throws {InvalidOptionError} for an invalid prefix or two prefixes that normalise to the same
 * mount (`/tools` and `/tools/`): one of them would silently never be reached.
 */
export function createUrlMap<T>(mounts: Iterable<readonly [string, T]>): UrlMap<T> {
  const entries: UrlMapEntry<T>[] = [];
  const seen = new Map<string, string>();
  for (const [given, target] of mounts) {
    const prefix = normalizeMountPrefix(given);
    const earlier = seen.get(prefix);
    if (earlier !== undefined) {
      throw new InvalidOptionError(`mount prefixes ${JSON.stringify(earlier)} and ${JSON.stringify(given)} are the same mount`);
    }
    seen.set(prefix, given);
    entries.push({ prefix, target });
  }
  return entries.sort((a, b) => b.prefix.length - a.prefix.length);
}

/**
 * Finds the mount for a raw request path (no query): the longest prefix that equals the path or
 * is followed in it by `/`. Returns `undefined` when nothing matches and no root mount exists.
 */
export function matchUrlMap<T>(map: UrlMap<T>, rawPath: string): UrlMatch<T> | undefined {
  for (const entry of map) {
    const tail = mountTail(rawPath, entry.prefix);
    if (tail !== undefined) return { entry, pathInfo: tail || '/' };
  }
  return undefined;
}
