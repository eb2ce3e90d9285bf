/**
 * `withGraft`: the `next.config` changes mounted apps need. Import from `@graft/next/config`
 * (it loads nothing but this file).
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
 * Returns `config` with `skipTrailingSlashRedirect: true` and, in front of its own redirects, the
 * rule that keeps `/x/` → `/x` for every path outside `mounts`.
 *
 * @example
 * ```ts
 * // next.config.ts
 * import { withGraft } from '@graft/next/config';
 * export default withGraft({ serverExternalPackages: ['express'] }, { mounts: ['/tools'] });
 * ```
 * @throws {InvalidOptionError} with `trailingSlash: true` (Next would then add slashes that the
 * mounted apps did not ask for), or without mounts.
 */
export function withGraft<C extends GraftNextConfig>(
  config: C,
  options: WithGraftOptions,
): C & { skipTrailingSlashRedirect: true; redirects: () => Promise<object[]> } {
  if (config.trailingSlash) {
    throw new InvalidOptionError('withGraft: trailingSlash: true is not supported; leave it off so mounted apps see paths as sent');
  }
  const rule = trailingSlashRedirect(options.mounts);
  const ownRedirects = config.redirects;
  return {
    ...config,
    skipTrailingSlashRedirect: true,
    async redirects() {
      return [rule, ...(ownRedirects ? await ownRedirects() : [])];
    },
  };
}
