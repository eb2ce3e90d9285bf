/**
 * Apps that route on the full path and know their own base path — a Next app with `basePath`,
 * a Remix/React Router app with `basename` — only work when that base path is exactly the
 * prefix they are mounted at. A mismatch does not fail loudly at runtime (every page is a 404,
 * or links point outside the mount), so the front server checks it once at startup.
 */
import { GraftError } from '../shared/errors.js';
import { normalizeMountPrefix } from './url-map.js';

/**
 * An app's configured base path differs from the prefix it is mounted at. Thrown by
 * `createMountServer` at startup. Code `GRAFT_BASE_PATH_MISMATCH`.
 */
export class BasePathMismatchError extends GraftError {
  /** The prefix of the mount, normalised (`''` for the root). */
  readonly mountPath: string;
  /** The base path the app says it is configured with, as given. */
  readonly basePath: string;

  constructor(mountPath: string, basePath: string) {
    super(
      'GRAFT_BASE_PATH_MISMATCH',
      `the app mounted at ${JSON.stringify(mountPath || '/')} is configured with base path ` +
        `${JSON.stringify(basePath)}; they must be equal (Next's basePath, Remix's basename)`,
    );
    this.mountPath = mountPath;
    this.basePath = basePath;
  }
}

/**
 * Checks that `basePath` (`''`, `/` or `/docs`, with or without a trailing `/`) names the same
 * mount as `mountPath` (already normalised).
 *
 * @throws {BasePathMismatchError} when they differ, or when `basePath` is not a valid path.
 */
export function checkBasePath(mountPath: string, basePath: string): void {
  let normalised: string;
  try {
    normalised = normalizeMountPrefix(basePath);
  } catch {
    throw new BasePathMismatchError(mountPath, basePath);
  }
  if (normalised !== mountPath) throw new BasePathMismatchError(mountPath, basePath);
}
