/**
 * `withGraft`: the `next.config` changes mounted apps need. Import from `@graft/next/config`
 * (it loads nothing but this file).
 *
 * Bundling: Next bundles the server code of route handlers, packages included. Apps written for a
 * plain Node server often break there — they read files next to their code through `__dirname`
 * (views, static assets, stylesheets), or `require` a path they compute — so `withGraft` lists
 * their packages in `serverExternalPackages`, where Node loads them from `node_modules` at run
 * time. `@graft/core` is always listed: one copy of it then serves the bundled route and any
 * unbundled app that reads its mount context.
 *
 * Next redirects `/x/` to `/x` before any route runs. Many apps redirect the other way — a
 * directory `/docs` to `/docs/` (serve-static, swagger-ui-express, most static file servers) — and
 * the browser then loops between the two. `skipTrailingSlashRedirect` turns Next's redirect off;
 * `withGraft` then puts it back, as an ordinary redirect rule, for every path outside the mounts,
 * so the host's own pages keep their canonical URLs while mounted apps see the path as sent.
 */
import { InvalidOptionError } from '@graft/core';

/**
 * The parts of a Next config that {@link withGraft} reads (a `NextConfig` fits; no index
 * signature, so Next's interface is accepted as it is).
 */
export interface GraftNextConfig {
  trailingSlash?: boolean;
  serverExternalPackages?: readonly string[];
  redirects?: () => readonly object[] | Promise<readonly object[]>;
}

/** A `next.config` redirect rule. */
export interface GraftRedirect {
  source: string;
  destination: string;
  permanent?: boolean;
  statusCode?: number;
  basePath?: false;
  [key: string]: unknown;
}

/** Options of {@link withGraft}. */
export interface WithGraftOptions {
  /**
   * The path prefixes where apps are mounted (without `basePath`), e.g. `['/tools']`. Paths under
   * them reach their routes exactly as sent, trailing slash included.
   */
  mounts: readonly string[];
  /**
   * Packages to keep out of Next's server bundle, e.g. `['json-server', 'swagger-ui-express']`:
   * the mounted apps' own packages, and any of their dependencies that read files beside their
   * code or `require` computed paths. Added to the config's own `serverExternalPackages`, with
   * {@link GRAFT_EXTERNAL_PACKAGES}. Name whole packages, not files or subpaths. Keep
   * `@graft/next` out of it (bundled, it reads `basePath` from the build; unbundled, `mount()`
   * needs the `basePath` option).
   */
  external?: readonly string[];
}

/** Packages {@link withGraft} always keeps out of the server bundle. */
export const GRAFT_EXTERNAL_PACKAGES: readonly string[] = ['@graft/core'];

// An npm package name: `name` or `@scope/name`, without a subpath.
const PACKAGE_NAME = /^(?:@[a-z0-9][\w.~-]*\/)?[a-z0-9][\w.~-]*$/i;

/**
 * The config's `serverExternalPackages` with `external` and {@link GRAFT_EXTERNAL_PACKAGES} added,
 * each name once, the config's own first. Exposed for tests and for configs written by hand.
 *
 * @throws {InvalidOptionError} for an entry that is not a package name (a path, a subpath, empty).
 */
export function externalPackages(own: readonly string[] = [], external: readonly string[] = []): string[] {
  for (const name of external) {
    if (typeof name !== 'string' || !PACKAGE_NAME.test(name)) {
      throw new InvalidOptionError(
        `withGraft: external must list package names such as "json-server" or "@scope/app", not ${JSON.stringify(name)}`,
      );
    }
  }
  return [...new Set([...own, ...external, ...GRAFT_EXTERNAL_PACKAGES])];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\:]/g, '\\$&');
}

function mountPattern(mount: string): string {
  const trimmed = mount.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') {
    throw new InvalidOptionError('withGraft: a mount at "/" would cover the whole site; mount apps under a prefix');
  }
  return escapeRegExp(trimmed);
}

/**
 * The redirect that restores Next's trailing-slash rule (`/x/` → `/x`, 308) everywhere except
 * under `mounts`. Exposed for tests and for configs that build their redirects by hand.
 */
export function trailingSlashRedirect(mounts: readonly string[]): GraftRedirect {
  if (mounts.length === 0) throw new InvalidOptionError('withGraft: mounts must name at least one prefix');
  const alternatives = mounts.map(mountPattern).join('|');
  return {
    // `:path` is everything before the final `/`, if it does not start with a mount prefix.
    source: `/:path((?!(?:${alternatives})(?:/|$)).+)/`,
    destination: '/:path',
    permanent: true,
  };
}

/**
 * Returns `config` with `skipTrailingSlashRedirect: true`, in front of its own redirects the rule
 * that keeps `/x/` → `/x` for every path outside `mounts`, and `serverExternalPackages` extended
 * by `external` and {@link GRAFT_EXTERNAL_PACKAGES}.
 *
 * @example
 * ```ts
 * // next.config.ts
 * import { withGraft } from '@graft/next/config';
 * export default withGraft({ reactStrictMode: true }, { mounts: ['/tools'], external: ['json-server'] });
 * ```
 * @throws {InvalidOptionError} with `trailingSlash: true` (Next would then add slashes that the
 * mounted apps did not ask for), without mounts, or for an `external` entry that is not a
 * package name.
 */
export function withGraft<C extends GraftNextConfig>(
  config: C,
  options: WithGraftOptions,
): C & { skipTrailingSlashRedirect: true; redirects: () => Promise<object[]>; serverExternalPackages: string[] } {
  if (config.trailingSlash) {
    throw new InvalidOptionError('withGraft: trailingSlash: true is not supported; leave it off so mounted apps see paths as sent');
  }
  const rule = trailingSlashRedirect(options.mounts);
  const serverExternalPackages = externalPackages(config.serverExternalPackages, options.external);
  const ownRedirects = config.redirects;
  return {
    ...config,
    skipTrailingSlashRedirect: true,
    serverExternalPackages,
    async redirects() {
      return [rule, ...(ownRedirects ? await ownRedirects() : [])];
    },
  };
}
