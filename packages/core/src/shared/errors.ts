/**
 * Typed errors thrown by Graft. Each carries a stable `code` so hosts can branch on it without
 * matching messages.
 */

/**
 * Every `code` a {@link GraftError} can carry; a `switch` over it can be checked for
 * exhaustiveness. The strings are stable across releases.
 *
 * | code | class | meaning |
 * | --- | --- | --- |
 * | `GRAFT_MOUNT_MISMATCH` | `MountMismatchError` | `pathInfo`/`mountPath` is not a segment-aligned split of the request path |
 * | `GRAFT_INVALID_IDENTITY` | `InvalidIdentityError` | the identity cannot be delivered safely (e.g. CR/LF in the id) |
 * | `GRAFT_INVALID_OPTION` | `InvalidOptionError` | an option has the wrong shape |
 * | `GRAFT_BASE_PATH_MISMATCH` | `BasePathMismatchError` | a mounted app's base path differs from its mount prefix |
 * | `GRAFT_GATEWAY_FAILED` | `GatewayError` | a gateway's program or upstream could not be run, reached or relayed |
 * | `GRAFT_GATEWAY_TIMEOUT` | `GatewayError` | a gateway's program or upstream made no progress in time |
 * | `GRAFT_CGI_PROTOCOL` | `CgiProtocolError` (a `GatewayError`) | a CGI program's answer broke RFC 3875 |
 *
 * The gateways' errors are not thrown to the host: they reach `onError` (see `GraftErrorHandler`).
 */
export type GraftErrorCode = (typeof GRAFT_ERROR_CODES)[number];

/** The codes of {@link GraftErrorCode}, for tests and tools that list them. */
export const GRAFT_ERROR_CODES = [
  'GRAFT_MOUNT_MISMATCH',
  'GRAFT_INVALID_IDENTITY',
  'GRAFT_INVALID_OPTION',
  'GRAFT_BASE_PATH_MISMATCH',
  'GRAFT_GATEWAY_FAILED',
  'GRAFT_GATEWAY_TIMEOUT',
  'GRAFT_CGI_PROTOCOL',
] as const;

/** Base class of every error Graft throws on purpose. */
export class GraftError extends Error {
  /** A stable, machine-readable code, e.g. `GRAFT_MOUNT_MISMATCH`: see {@link GraftErrorCode}. */
  readonly code: GraftErrorCode;

  constructor(code: GraftErrorCode, message: string, options?: ErrorOptions) {
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
