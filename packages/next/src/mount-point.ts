/**
 * Where the embedded app is mounted, worked out for one request from what Next gives a route
 * handler: the raw path of `request.url` (with the `basePath` already removed by Next) and the
 * decoded catch-all segments the route consumed.
 *
 * The app must see the path as the client sent it (`%2F` stays `%2F`, a trailing `/` stays), so
 * the split is made on the raw path by core's `splitMount`, which finds the raw tail the decoded
 * segments stand for. A mismatch means the route is wired differently from what the options
 * claim, and guessing then could let a request escape its mount.
 */
import { InvalidOptionError, MountMismatchError } from '@graft/core';
import { normalizeRoutePrefix, rawPrefixOf, splitMount } from '@graft/core/adapter';

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

/**
 * Checks a Next `basePath`: `''`, or a path starting with `/` and not ending with one, as
 * `next.config` requires.
 *
 * @throws {InvalidOptionError} for anything else.
 */
export function normalizeBasePath(basePath: string | undefined): string {
  if (basePath === undefined || basePath === '') return '';
  if (!basePath.startsWith('/') || basePath.endsWith('/') || basePath.includes('?') || basePath.includes('#')) {
    throw new InvalidOptionError(`basePath must be '' or start with '/' and not end with '/', got ${JSON.stringify(basePath)}`);
  }
  return basePath;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Whether the raw `mount` is the route folder path `prefix` (raw or decoded), segment by segment. */
function isPrefix(mount: string, prefix: string): boolean {
  if (mount === prefix) return true;
  const raw = mount.split('/');
  const wanted = prefix.split('/');
  return (
    raw.length === wanted.length &&
    raw.every((a, i) => a === wanted[i] || safeDecode(a) === wanted[i] || safeDecode(a) === safeDecode(wanted[i]!))
  );
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
  const { path, segments } = input;
  const basePath = normalizeBasePath(input.basePath);
  const prefix = input.prefix === undefined ? undefined : normalizeRoutePrefix(input.prefix, 'prefix');
  let mount: string | undefined;
  if (segments) {
    // Next drops a trailing slash from the params (`/a/b/` gives ['a', 'b']); the app keeps it.
    const tail = segments.length === 0 ? '' : `/${segments.join('/')}${path.endsWith('/') ? '/' : ''}`;
    mount = splitMount(path, { pathInfo: tail }).mountPath;
    if (prefix !== undefined && !isPrefix(mount, prefix)) {
      throw new MountMismatchError(path, { pathInfo: tail, mountPath: prefix });
    }
  } else if (prefix !== undefined) {
    mount = rawPrefixOf(path, prefix);
    if (mount === undefined || !isPrefix(mount, prefix)) throw new MountMismatchError(path, { mountPath: prefix });
  } else {
    throw new InvalidOptionError(
      'cannot tell where the app is mounted: export the handler from a [...path] or [[...path]] route, or pass the prefix option',
    );
  }
  const rest = path.slice(mount.length);
  return { mountPath: basePath + mount, pathInfo: rest === '' ? '/' : rest };
}
