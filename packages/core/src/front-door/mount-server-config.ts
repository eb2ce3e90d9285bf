/**
 * The front door's options checked once, at `createMountServer`, and what every request shares:
 * the mount table, the URL options, the identity resolver and headers, and failure reporting.
 */
import { type IncomingMessage, validateHeaderName } from 'node:http';
import { InvalidOptionError } from '../shared/errors.js';
import { protectedHeaderSet } from '../shared/identity.js';
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
  /** Reports a failure the front door handles itself (to `onError`, else `console.error`). */
  readonly report: (error: unknown, req: IncomingMessage) => void;
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
  const identityHeader = options.identityHeader;
  if (identityHeader !== undefined) {
    try {
      validateHeaderName(identityHeader);
    } catch {
      throw new InvalidOptionError(`identityHeader ${JSON.stringify(identityHeader)} is not a valid header name`);
    }
  }
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
    report: (error, req) => report(options, error, req),
  };
}

/** `onError` is read when a failure happens, so a hook that throws is itself only logged. */
function report(options: MountServerOptions, error: unknown, req: IncomingMessage): void {
  if (options.onError) {
    try {
      options.onError(error, req);
    } catch (hookError) {
      console.error('[graft] onError failed:', hookError);
    }
  } else console.error('[graft] a mounted app failed:', error);
}
