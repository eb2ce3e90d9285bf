/**
 * Typed errors thrown by Graft. Each carries a stable `code` so hosts can branch on it without
 * matching messages.
 */

/** Base class of every error Graft throws on purpose. */
export class GraftError extends Error {
  /** A stable, machine-readable code, e.g. `GRAFT_MOUNT_MISMATCH`. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * The `pathInfo` / `mountPath` given to `callNodeApp` does not fit the request's raw path on
 * segment boundaries. This is a wiring mistake in the host, so it is thrown before the app runs
 * rather than guessed around: a guessed prefix could let a request escape its mount.
 */
export class MountMismatchError extends GraftError {
  /** The raw (still percent-encoded) path of the request. */
  readonly path: string;
  /** The option that did not fit: `{ pathInfo }`, `{ mountPath }` or both. */
  readonly mount: { pathInfo?: string; mountPath?: string };

  constructor(path: string, mount: { pathInfo?: string; mountPath?: string }) {
    const given = Object.entries(mount)
      .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
      .join(' and ');
    super('GRAFT_MOUNT_MISMATCH', `${given} is not a segment-aligned split of the request path ${JSON.stringify(path)}`);
    this.path = path;
    this.mount = mount;
  }
}

/** The identity handed to `callNodeApp` cannot be delivered safely (e.g. CR/LF in the id). */
export class InvalidIdentityError extends GraftError {
  constructor(message: string) {
    super('GRAFT_INVALID_IDENTITY', message);
  }
}

/** An option passed to a Graft function has the wrong shape. */
export class InvalidOptionError extends GraftError {
  constructor(message: string) {
    super('GRAFT_INVALID_OPTION', message);
  }
}
