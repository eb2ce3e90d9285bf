/**
 * The front door's options checked once, at `createMountServer`, and what every request shares:
 * the mount table, the URL options, the identity resolver and headers, and failure reporting
 * (`onError`, the one contract of `shared/error-hook.ts`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerFailure, consultErrorHook, type GraftErrorHandler, type GraftErrorSource, logFailure } from '../shared/error-hook.js';
import { InvalidOptionError } from '../shared/errors.js';
import { checkIdentityHeader, protectedHeaderSet } from '../shared/identity.js';
import type { MountServerOptions } from './mount-options.js';
import { createMountTable, type MountTable } from './mount-table.js';
import type { UrlOptions } from './node-request-view.js';
import { checkListenerOptions } from './to-node-listener.js';

/** {@link MountServerOptions} after checking. */
export interface MountServerConfig {
  readonly table: MountTable;
  /** `host` and `protocol`, for fetch handlers' `request.url` and `req.graft.request`. */
  readonly urlOptions: UrlOptions;
  readonly identityHeader: string | undefined;
  /** Canonical names of the identity headers no client may send. */
  readonly protectedNames: ReadonlySet<string>;
  readonly resolveIdentity: MountServerOptions['identity'];
  /** Whether a 404 lists the mounts. */
  readonly listMounts: boolean;
  /** The server's `onError`; without it, failures are logged. */
  readonly onError: GraftErrorHandler | undefined;
}

/**
 * Checks the options (in this order: their shape, `host`/`protocol`, `identityHeader`,
 * `identity`, then each mount) and prepares the mount table.
 *
 * @throws {InvalidOptionError} for an invalid prefix, a prefix given twice, something mounted
 * that is no app, an invalid `identityHeader`, `identity`, `host` or `protocol`.
 * @throws {BasePathMismatchError} when a mount's `basePath` differs from its prefix.
 */
export function resolveMountServerConfig(options: MountServerOptions): MountServerConfig {
  if (options === null || typeof options !== 'object' || options.mounts === null || typeof options.mounts !== 'object') {
    throw new InvalidOptionError('createMountServer: options.mounts must be an object of prefix → app');
  }
  const urlOptions = { host: options.host, protocol: options.protocol };
  checkListenerOptions(urlOptions);
  const identityHeader = checkIdentityHeader(options.identityHeader);
  if (options.identity !== undefined && typeof options.identity !== 'function') {
    throw new InvalidOptionError('identity must be a function (req) => identity');
  }
  return {
    urlOptions,
    identityHeader,
    protectedNames: protectedHeaderSet(identityHeader),
    listMounts: options.listMounts ?? process.env.NODE_ENV !== 'production',
    resolveIdentity: options.identity,
    table: createMountTable(options.mounts, options.default),
    onError: options.onError,
  };
}

/** Reports a failure that has no response to answer (an upgrade's): to `onError`, else `console.error`. */
export function reportFailure(config: MountServerConfig, where: GraftErrorSource, error: unknown, req: IncomingMessage): void {
  consultErrorHook(config.onError, error, { where, req, headersSent: false }, logMountFailure);
}

/**
 * Reports a failure and answers `res`: the `Response` `onError` returns, else a plain-text 500
 * (a response already under way is cut short instead).
 */
export function answerFailure500(
  config: MountServerConfig,
  where: GraftErrorSource,
  error: unknown,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const info = { where, req, headersSent: res.headersSent };
  answerFailure(res, { status: 500, text: 'Internal Server Error', error, info }, config.onError, logMountFailure);
}

function logMountFailure(error: unknown): void {
  logFailure('a mounted app failed', error);
}
