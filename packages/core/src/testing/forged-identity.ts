/**
 * Forged identity headers, for hosts and adapters to test that none gets through: every way a
 * client can phrase a header an app might trust as "who is signed in". Exported as
 * `@graft/core/testing` so each adapter runs the same list.
 */
import { PROTECTED_IDENTITY_HEADERS } from '../shared/identity.js';

/** The user a forger claims to be. Any mention of it reaching an app is a successful spoof. */
export const FORGED_USER = 'mallory';

/** Spellings of a header name: as given, upper case, Title-Case, and each with `_` for `-`. */
export function headerSpellings(name: string): string[] {
  const title = name.replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
  const variants = [name, name.toUpperCase(), title];
  return [...variants, ...variants.map((v) => v.replaceAll('-', '_'))];
}

/**
 * Forged request heads, each a list of `[name, value]` pairs to send together: for every
 * protected identity header (plus `extraNames`, e.g. an adapter's configured `identityHeader`),
 * every spelling, as a single value, a comma list and a duplicate; and CGI's own variable name.
 */
export function forgedIdentityHeads(extraNames: readonly string[] = []): [string, string][][] {
  const heads: [string, string][][] = [];
  for (const base of [...PROTECTED_IDENTITY_HEADERS, ...extraNames]) {
    for (const name of headerSpellings(base.toLowerCase())) {
      heads.push([[name, FORGED_USER]]);
      heads.push([[name, `${FORGED_USER}, alice`]]);
      heads.push([
        [name, FORGED_USER],
        [name, FORGED_USER],
      ]);
    }
  }
  heads.push([['HTTP_REMOTE_USER', FORGED_USER]]);
  return heads;
}

/** A Fetch `Headers` carrying one forged head (Fetch joins duplicates into one field). */
export function forgedHeaders(head: readonly [string, string][], base?: HeadersInit): Headers {
  const headers = new Headers(base);
  for (const [name, value] of head) headers.append(name, value);
  return headers;
}
