/**
 * The mount table of the front door: each mount checked once and prepared for dispatch (a Node
 * app resolved to its listener, a fetch handler bound), in a URL map, longest prefix first.
 */
import { type NodeApp, type NodeRequestListener, resolveNodeApp } from '../bridge/node-app.js';
import { InvalidOptionError } from '../shared/errors.js';
import { checkBasePath } from './base-path.js';
import type { FetchMount, Mount, NodeMount, UpgradeHandler } from './mount-options.js';
import type { FetchHandler, ToNodeListenerOptions } from './to-node-listener.js';
import { createUrlMap, normalizeMountPrefix, type UrlMap } from './url-map.js';

/** A Node app ready to be called. */
export interface PreparedNodeMount {
  kind: 'node';
  /** The listener, or its promise while the app gets ready (Fastify's `ready()`). */
  listener: NodeRequestListener | Promise<NodeRequestListener>;
  /** The app strips its own base path: give it the full path. */
  fullPath: boolean;
  upgrade: UpgradeHandler | undefined;
  locals: Record<string, unknown> | undefined;
}

/** A fetch handler ready to be served through `serveFetch`. */
export interface PreparedFetchMount {
  kind: 'fetch';
  handler: FetchHandler;
  upgrade: UpgradeHandler | undefined;
  locals: Record<string, unknown> | undefined;
  onError: ToNodeListenerOptions['onError'];
}

/** A mount ready for dispatch. */
export type PreparedMount = PreparedNodeMount | PreparedFetchMount;

/** A mount as `MountServer.mounts` describes it. */
export interface MountDescription {
  /** The prefix (`/` for the root). */
  path: string;
  kind: 'node' | 'fetch';
  /** Whether upgrades under this prefix are served. */
  upgrade: boolean;
}

/** The prepared mounts, and their description for `MountServer.mounts` and the 404 listing. */
export interface MountTable {
  readonly map: UrlMap<PreparedMount>;
  /** The mounts, longest prefix first. */
  readonly mounts: readonly MountDescription[];
}

/**
 * Prepares every mount, `root` (the `default` option) at `/`.
 *
 * @throws {InvalidOptionError} for an invalid prefix, a prefix given twice, a root given both
 * ways, something mounted that is no app, or an `upgrade` that is not a function.
 * @throws {BasePathMismatchError} when a mount's `basePath` differs from its prefix.
 */
export function createMountTable(mounts: Record<string, Mount>, root: Mount | undefined): MountTable {
  const entries: [string, PreparedMount][] = Object.entries(mounts).map(([prefix, mount]) => [prefix, prepareMount(prefix, mount)]);
  if (root !== undefined) {
    if (entries.some(([prefix]) => prefix === '/' || prefix === '')) {
      throw new InvalidOptionError('give the root app either as mounts["/"] or as default, not both');
    }
    entries.push(['/', prepareMount('/', root)]);
  }
  const map = createUrlMap(entries);
  const described: MountDescription[] = map.map(({ prefix, target }) => ({
    path: prefix || '/',
    kind: target.kind,
    upgrade: target.upgrade !== undefined,
  }));
  return { map, mounts: described };
}

/** A Hono or h3 v2 app given as `{ app }` is served as the fetch mount it is, with the mount's options. */
function asFetchMount(mount: Mount): FetchMount | undefined {
  if (mount === null || typeof mount !== 'object') return undefined;
  if (typeof (mount as FetchMount).fetch === 'function') return mount as FetchMount;
  const { app, upgrade, locals } = mount as Partial<NodeMount>;
  if (app !== null && typeof app === 'object' && typeof (app as { fetch?: unknown }).fetch === 'function') {
    const fetchApp = app as { fetch: FetchMount['fetch'] };
    return { fetch: fetchApp.fetch.bind(fetchApp), upgrade, locals };
  }
  return undefined;
}

function prepareMount(prefix: string, mount: Mount): PreparedMount {
  const where = `the mount at ${JSON.stringify(prefix)}`;
  const fetchMount = asFetchMount(mount);
  if (fetchMount) {
    checkUpgrade(where, fetchMount.upgrade);
    return {
      kind: 'fetch',
      // bind keeps the handler's `this` (a Hono app) and its declared parameter count.
      handler: fetchMount.fetch.bind(fetchMount),
      upgrade: fetchMount.upgrade,
      locals: fetchMount.locals,
      onError: fetchMount.onError,
    };
  }
  const withOptions = mount !== null && typeof mount === 'object' && 'app' in mount ? (mount as NodeMount) : { app: mount as NodeApp };
  let listener: NodeRequestListener | Promise<NodeRequestListener>;
  try {
    listener = resolveNodeApp(withOptions.app);
  } catch (error) {
    // The bridge's TypeError names every accepted app shape (and the h3 v1 way in).
    throw new InvalidOptionError(`${where} is not an app. ${(error as Error).message}; or { app, upgrade?, basePath? }`);
  }
  // Fastify's ready() starts now; a failure is reported per request, not as an unhandled rejection.
  if (typeof listener !== 'function') listener.catch(() => {});
  checkUpgrade(where, withOptions.upgrade);
  if (withOptions.basePath !== undefined) checkBasePath(normalizeMountPrefix(prefix), withOptions.basePath);
  return {
    kind: 'node',
    listener,
    fullPath: withOptions.basePath !== undefined,
    upgrade: withOptions.upgrade,
    locals: withOptions.locals,
  };
}

function checkUpgrade(where: string, upgrade: unknown): void {
  if (upgrade !== undefined && typeof upgrade !== 'function') {
    throw new InvalidOptionError(`${where}: upgrade must be a function (req, socket, head)`);
  }
}
