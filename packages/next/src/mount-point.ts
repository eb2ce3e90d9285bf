/**
 * Where the embedded app is mounted, worked out for one request from what Next gives a route
 * handler: the raw path of `request.url` (with the `basePath` already removed by Next) and the
 * decoded catch-all segments the route consumed.
 *
 * The app must see the path as the client sent it (`%2F` stays `%2F`, a trailing `/` stays), so
 * the split is made on the raw path. The decoded segments only tell how many raw segments the
 * catch-all took, and are cross-checked against them: a mismatch means the route is wired
 * differently from what the options claim, and guessing then could let a request escape its
 * mount.
 */
import { InvalidOptionError, MountMismatchError } from '@graft/core';

/** What {@link resolveMountPoint} needs. */
export interface MountPointInput {
  /** The raw path of `request.url` inside a route handler (Next has removed `basePath`). */
  path: string;
  /** The decoded catch-all segments, or `undefined` when the route gave none. */
  segments?: readonly string[] | undefined;
  /** The route's folder path, e.g. `/tools/notes` for `app/tools/notes/[...path]/route.ts`. */
  prefix?: string | undefined;
  /** Next's `basePath` (`''` or `/docs`): part of the public path, not of `request.url`. */
  basePath?: string | undefined;
}

/** The split of the public path that the embedded app sees. Both halves are raw. */
export interface MountPoint {
  /** The public prefix: `basePath` + the route prefix, e.g. `/docs/tools/notes`. `''` at the root. */
  mountPath: string;
  /** The rest of the path, what the app routes on: `/`, `/notes/1`, `/dir/`. */
  pathInfo: string;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** `''` or `/a/b`: a leading `/` is added and trailing ones removed. */
export function normalizePrefix(prefix: string): string {
  let p = prefix.startsWith('/') ? prefix : '/' + prefix;
  while (p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

/**
 * Checks a Next `basePath`: `''`, or a path starting with `/` and not ending with one, as
 * `next.config` requires.
 *
 * @throws {InvalidOptionError} for anything else.
 */
export function normalizeBasePath(basePath: string | undefined): string {
  if (basePath === undefined || basePath === '' ) return '';
  if (!basePath.startsWith('/') || basePath.endsWith('/') || basePath.includes('?') || basePath.includes('#')) {
    throw new InvalidOptionError(`basePath must be '' or start with '/' and not end with '/', got ${JSON.stringify(basePath)}`);
  }
  return basePath;
}

/** The raw path split into segments, without the leading empty one; `/` has none. */
function rawSegmentsOf(path: string): string[] {
  return path === '/' || path === '' ? [] : path.slice(1).split('/');
}

/** The prefix derived from the catch-all: the path minus as many raw segments as it consumed. */
function mountFromSegments(path: string, segments: readonly string[]): string | undefined {
  // Next drops a trailing slash from the params (`/a/b/` gives ['a', 'b']).
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const raw = rawSegmentsOf(trimmed);
  if (segments.length > raw.length) return undefined;
  const head = raw.length - segments.length;
  for (let i = 0; i < segments.length; i++) {
    const rawSegment = raw[head + i]!;
    if (rawSegment !== segments[i] && safeDecode(rawSegment) !== segments[i]) return undefined;
  }
  return head === 0 ? '' : '/' + raw.slice(0, head).join('/');
}

/** The raw prefix of `path` matching `prefix` (raw or decoded) on segment boundaries. */
function mountFromPrefix(path: string, prefix: string): string | undefined {
  if (prefix === '') return '';
  if (path === prefix || path.startsWith(prefix + '/')) return prefix;
  const wanted = rawSegmentsOf(prefix);
  const raw = rawSegmentsOf(path);
  if (raw.length < wanted.length) return undefined;
  for (let i = 0; i < wanted.length; i++) {
    const a = raw[i]!;
    const b = wanted[i]!;
    if (a !== b && safeDecode(a) !== b && safeDecode(a) !== safeDecode(b)) return undefined;
  }
  return '/' + raw.slice(0, wanted.length).join('/');
}

/**
 * Splits a route handler's request path into the public mount path and the path info.
 *
 * - With `segments` (the catch-all params) the prefix is derived from the path; with `prefix`
 *   too, both must agree.
 * - With only `prefix`, it must be a segment-aligned prefix of the path.
 * - `basePath` is put in front of the mount path, because the app builds its links from
 *   `req.baseUrl` and the browser needs the `basePath` in them.
 *
 * @throws {MountMismatchError} when the segments or the prefix do not fit the path.
 * @throws {InvalidOptionError} when neither segments nor a prefix are known, or `basePath` is bad.
 */
export function resolveMountPoint(input: MountPointInput): MountPoint {
  const { path } = input;
  const basePath = normalizeBasePath(input.basePath);
  const prefix = input.prefix === undefined ? undefined : normalizePrefix(input.prefix);
  let mount: string | undefined;
  if (input.segments) {
    mount = mountFromSegments(path, input.segments);
    if (mount === undefined) {
      throw new MountMismatchError(path, { pathInfo: '/' + input.segments.join('/') });
    }
    if (prefix !== undefined && mountFromPrefix(mount, prefix) !== mount) {
      throw new MountMismatchError(path, { pathInfo: '/' + input.segments.join('/'), mountPath: prefix });
    }
  } else if (prefix !== undefined) {
    mount = mountFromPrefix(path, prefix);
    if (mount === undefined) throw new MountMismatchError(path, { mountPath: prefix });
  } else {
    throw new InvalidOptionError(
      'cannot tell where the app is mounted: export the handler from a [...path] or [[...path]] route, or pass the prefix option',
    );
  }
  const rest = path.slice(mount.length);
  return { mountPath: basePath + mount, pathInfo: rest === '' ? '/' : rest };
}
