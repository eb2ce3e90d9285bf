/**
 * Where the embedded app is mounted, worked out from the RAW request path: the framework only
 * gives decoded params (`params['*']`), and decoding loses what the app must see (`%2F` vs `/`,
 * `%20` vs ` `). The raw path is split at a `/` boundary, and the split is cross-checked against
 * the splat param and against the configured `prefix` / `basename`, so a request can never be
 * served under a mount point it did not match.
 */
import { InvalidOptionError, MountMismatchError } from '@graft/core';
import { normalizeRoutePrefix, rawPrefixOf } from '@graft/core/adapter';
import { decodeLikeRouter, routerMatchForms } from './router-path.js';

/** What {@link resolveMountPoint} needs. */
export interface MountPointInput {
  /** The raw path of `request.url` (still percent-encoded). */
  path: string;
  /** The splat param (`params['*']`), decoded as the framework gives it; `undefined` if none. */
  splat: string | undefined;
  /** The route's own path without the basename, e.g. `/tools/notes`, if configured. */
  prefix?: string | undefined;
  /** The site's `basename` (Remix / React Router config), e.g. `/app`; default none. */
  basename?: string | undefined;
  /**
   * The matched route's pattern (React Router 7's `pattern` argument, e.g. `tools/*`): without a
   * `basename`, it tells the basename apart from the route's own path.
   */
  pattern?: string | undefined;
}

/** Where the app is mounted. */
export interface MountPoint {
  /** The raw mount path (what the app gets as `req.baseUrl`), e.g. `/app/tools/notes`. */
  mountPath: string;
  /** The site's basename: as configured, else as the pattern shows it, else `''`. */
  basename: string;
}

function sameRoutePath(rawPrefix: string, expected: string): boolean {
  // Route matching is case-insensitive in both frameworks (unless a route opts out).
  return decodeLikeRouter(rawPrefix).toLowerCase() === expected.toLowerCase();
}

/** Finds the raw mount prefix from the splat: the longest prefix whose rest decodes to it. */
function mountFromSplat(path: string, splat: string): string | undefined {
  if (splat === '') {
    // `/tools` and `/tools/` (and `/tools//`) all match `tools/*` with an empty splat.
    return path.replace(/\/+$/, '');
  }
  for (let i = path.lastIndexOf('/'); i >= 0; i = i === 0 ? -1 : path.lastIndexOf('/', i - 1)) {
    const tail = path.slice(i + 1);
    if (routerMatchForms(tail).some((form) => decodeLikeRouter(form) === splat || form.replace(/%2F/g, '/') === splat)) {
      return path.slice(0, i);
    }
  }
  return undefined;
}

/** Finds the raw prefix of `path` that the decoded route path `expected` stands for. */
function mountFromPrefix(path: string, expected: string): string | undefined {
  if (expected === '') return '';
  const raw = rawPrefixOf(path, expected);
  return raw !== undefined && sameRoutePath(raw, expected) ? raw : undefined;
}

/**
 * Splits the raw request path into the app's mount path; the rest is the app's path.
 *
 * @throws {MountMismatchError} when the splat, the prefix or the basename do not fit the path.
 * @throws {InvalidOptionError} when there is neither a splat param nor a prefix to go by.
 */
export function resolveMountPoint(input: MountPointInput): MountPoint {
  const { path, splat } = input;
  let basename = input.basename === undefined ? undefined : normalizeRoutePrefix(input.basename, 'basename');
  const prefix = input.prefix === undefined ? undefined : normalizeRoutePrefix(input.prefix, 'prefix');

  let mountPath: string | undefined;
  if (splat !== undefined) {
    mountPath = mountFromSplat(path, splat);
    if (mountPath === undefined) throw new MountMismatchError(path, { pathInfo: splat });
    basename ??= basenameFromPattern(mountPath, input.pattern) ?? '';
    const expected = prefix === undefined ? undefined : basename + prefix;
    if (expected !== undefined && !sameRoutePath(mountPath, expected)) {
      throw new MountMismatchError(path, { pathInfo: splat, mountPath: expected });
    }
  } else if (prefix !== undefined) {
    basename ??= '';
    const expected = basename + prefix;
    mountPath = mountFromPrefix(path, expected);
    if (mountPath === undefined) throw new MountMismatchError(path, { mountPath: expected });
  } else {
    throw new InvalidOptionError(
      'the route has no splat param to find the mount point from: use a splat route (app/routes/tools.$.tsx) or set the prefix option',
    );
  }
  if (basename !== '' && mountFromPrefix(mountPath, basename) === undefined) {
    throw new MountMismatchError(path, { mountPath: basename });
  }
  return { mountPath, basename };
}

/**
 * The basename, from the raw mount path and the route's pattern (React Router 7's `pattern`
 * argument, e.g. `tools/*` or `:org/tools/*`): the mount path without as many trailing segments
 * as the pattern has before its splat. `undefined` when the pattern cannot say (optional
 * segments, or a pattern longer than the path).
 */
export function basenameFromPattern(mountPath: string, pattern: string | undefined): string | undefined {
  if (typeof pattern !== 'string' || pattern.includes('?')) return undefined;
  const routePath = pattern.replace(/\/?\*$/, '').replace(/^\/+|\/+$/g, '');
  const count = routePath === '' ? 0 : routePath.split('/').length;
  let end = mountPath.length;
  for (let n = 0; n < count; n++) {
    if (end <= 0) return undefined;
    end = mountPath.lastIndexOf('/', end - 1);
    if (end === -1) return undefined;
  }
  return mountPath.slice(0, end);
}
