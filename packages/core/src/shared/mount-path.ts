/**
 * Path rules: how a request's raw path is split into the prefix the host consumed (`mountPath`,
 * WSGI's SCRIPT_NAME) and the tail the embedded app routes on (`pathInfo`, WSGI's PATH_INFO).
 *
 * Everything here works on the *raw* path, exactly as the URL carries it (still percent-encoded),
 * because re-encoding or normalising would change what the app sees: `%2F` must stay `%2F`, `//`
 * must stay `//`, and a trailing slash is meaningful to many apps.
 */
import { MountMismatchError } from './errors.js';

/** The pieces of an absolute URL string that the bridge needs, sliced without re-encoding. */
export interface UrlParts {
  /** `true` for `https:` URLs. */
  secure: boolean;
  /** The authority without user info, e.g. `example.com:8443`. */
  host: string;
  /** The raw path, always starting with `/`. */
  path: string;
  /** The raw query including its leading `?`, or `''`. */
  search: string;
}

/**
 * Slices a serialised absolute URL (what `Request.url` returns) into its parts. A WHATWG URL
 * serialisation of an `http:`/`https:` URL always has a path starting with `/`, so plain string
 * slicing is exact and much cheaper than `new URL()` on every request.
 */
export function splitUrl(url: string): UrlParts {
  const schemeEnd = url.indexOf('://');
  const authorityStart = schemeEnd + 3;
  let end = url.indexOf('#', authorityStart);
  if (end === -1) end = url.length;
  let pathStart = url.indexOf('/', authorityStart);
  if (pathStart === -1 || pathStart > end) pathStart = end;
  let queryStart = url.indexOf('?', authorityStart);
  if (queryStart === -1 || queryStart > end) queryStart = end;
  if (queryStart < pathStart) pathStart = queryStart;
  let host = url.slice(authorityStart, pathStart);
  const at = host.lastIndexOf('@');
  if (at !== -1) host = host.slice(at + 1);
  return {
    secure: url.charCodeAt(schemeEnd - 1) === 115 /* 's' of https */,
    host,
    path: pathStart === queryStart ? '/' : url.slice(pathStart, queryStart),
    search: url.slice(queryStart, end),
  };
}

/** A request target in origin form (`/a/b?q`), or a `Location` path, split at its first `?`. */
export interface TargetParts {
  /** The raw path: everything before the first `?`. */
  path: string;
  /** The raw query including its `?`, or `''` when the target has no `?`. */
  search: string;
}

/** Splits a path-and-query (`req.url`, `originalUrl`, a `Location` path) at its first `?`. */
export function splitTarget(target: string): TargetParts {
  const q = target.indexOf('?');
  return q === -1 ? { path: target, search: '' } : { path: target.slice(0, q), search: target.slice(q) };
}

/**
 * The raw tail of `rawPath` below the mount `prefix` (`''` or `/a/b`, no trailing `/`), when the
 * prefix ends at a segment boundary of the path: `''` for the mount itself (`/a/b`), else a tail
 * starting with `/` (`/a/b/` gives `/`). `undefined` when the path is not under the mount
 * (`/a/bc` is not under `/a/b`). Every path is under the root mount `''`.
 */
export function mountTail(rawPath: string, prefix: string): string | undefined {
  if (prefix === '') return rawPath;
  if (!rawPath.startsWith(prefix)) return undefined;
  if (rawPath.length === prefix.length) return '';
  return rawPath.charCodeAt(prefix.length) === 47 /* / */ ? rawPath.slice(prefix.length) : undefined;
}

/** The result of splitting a raw path at a mount point. Both halves are raw. */
export interface MountSplit {
  /** The consumed prefix: `''` (mounted at the root) or `/a/b`, never ending in `/`. */
  mountPath: string;
  /** The tail the app sees as its path: always starts with `/`. */
  pathInfo: string;
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** A mount path without its trailing slashes: `/tools/` → `/tools`, `/` → `''`. */
export function trimMountPath(mountPath: string): string {
  let mp = mountPath;
  while (mp.endsWith('/')) mp = mp.slice(0, -1);
  return mp;
}

/**
 * Splits `rawPath` into mount path and path info.
 *
 * - `pathInfo` may be given raw (`/a%20b`) or decoded (`/a b`, as framework route params are);
 *   either way it must be a tail of the path that starts at a `/` boundary, and the app gets the
 *   raw form. A missing leading `/` is added (`a/b` means `/a/b`); `''` means "the mount itself".
 * - `mountPath` must be a prefix of the path that ends at a `/` boundary.
 * - With both, they must make up the whole path; with neither, the app is mounted at the root.
 *
 * @throws {MountMismatchError} when the given split does not fit the path.
 */
export function splitMount(rawPath: string, options: { pathInfo?: string | undefined; mountPath?: string | undefined }): MountSplit {
  const { pathInfo, mountPath } = options;
  if (pathInfo === undefined) {
    if (mountPath === undefined || mountPath === '' || mountPath === '/') {
      return { mountPath: '', pathInfo: rawPath };
    }
    const mp = trimMountPath(mountPath);
    const tail = mountTail(rawPath, mp);
    if (tail === undefined) throw new MountMismatchError(rawPath, { mountPath });
    return { mountPath: mp, pathInfo: tail || '/' };
  }

  const split = splitByTail(rawPath, pathInfo);
  if (!split || (mountPath !== undefined && trimMountPath(mountPath) !== split.mountPath)) {
    throw new MountMismatchError(rawPath, mountPath === undefined ? { pathInfo } : { pathInfo, mountPath });
  }
  return split;
}

function splitByTail(rawPath: string, pathInfo: string): MountSplit | undefined {
  if (pathInfo === '' || pathInfo === '/') {
    // The mount itself; `/tools` and `/tools/` both leave the app at its root.
    if (pathInfo === '/' && !rawPath.endsWith('/')) return undefined;
    return { mountPath: trimMountPath(rawPath), pathInfo: '/' };
  }
  const tail = pathInfo.charCodeAt(0) === 47 ? pathInfo : `/${pathInfo}`;
  if (rawPath.endsWith(tail)) {
    return { mountPath: rawPath.slice(0, rawPath.length - tail.length), pathInfo: tail };
  }
  // A decoded tail (route params are decoded): find the raw tail, segment by segment, that
  // decodes to it. Only paths with escapes can differ from their decoded form.
  if (!rawPath.includes('%')) return undefined;
  for (let i = rawPath.lastIndexOf('/'); i >= 0; i = i === 0 ? -1 : rawPath.lastIndexOf('/', i - 1)) {
    const rawTail = rawPath.slice(i);
    if (safeDecode(rawTail) === tail) return { mountPath: rawPath.slice(0, i), pathInfo: rawTail };
  }
  return undefined;
}
