/**
 * Header rules of the HTTP proxy gateway: which fields cross the hop, and how the upstream's
 * paths in `Location` and `Set-Cookie` are moved into the public path space.
 */
import { HOP_BY_HOP_HEADERS } from './headers.js';

/**
 * Groups raw header lines (`[name, value, name, value, …]`, as Node's `rawHeaders`) into a
 * header object for Node's `http` API, dropping the hop-by-hop fields: RFC 9110 §7.6.1's list,
 * those named in `Connection`, and every `Proxy-*` field (plus `Proxy` itself: httpoxy).
 * `skip(lowerName)` drops more. Repeated fields become arrays, which Node sends as separate lines.
 */
export function endToEndHeaders(
  raw: readonly string[],
  skip: (lowerName: string) => boolean = () => false,
): Record<string, string | string[]> {
  const listed = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === 'connection') {
      for (const token of raw[i + 1]!.split(',')) listed.add(token.trim().toLowerCase());
    }
  }
  const headers: Record<string, string | string[]> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    if (HOP_BY_HOP_HEADERS.has(lower) || listed.has(lower) || lower === 'proxy' || lower.startsWith('proxy-')) continue;
    if (skip(lower)) continue;
    const existing = headers[lower];
    if (existing === undefined) headers[lower] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else headers[lower] = [existing, value];
  }
  return headers;
}

/**
 * Maps an upstream path onto the public path space: a path under `upstreamBase` (`''` = the
 * upstream's root) gets `publicBase` in its place. Returns `undefined` for a path outside it.
 */
export function toPublicPath(path: string, upstreamBase: string, publicBase: string): string | undefined {
  let rest: string;
  if (upstreamBase === '') rest = path;
  else if (path === upstreamBase || path.startsWith(upstreamBase + '/')) rest = path.slice(upstreamBase.length);
  else return undefined;
  const mapped = publicBase + rest;
  return mapped === '' ? '/' : mapped;
}

/**
 * Rewrites a `Location` the upstream sent: an absolute URL on the upstream's origin, or a
 * path-absolute reference, under the upstream base path, becomes the matching public path.
 * Anything else (another site, a relative reference, a path outside the base) is left alone.
 */
export function rewriteLocation(location: string, upstream: URL, upstreamBase: string, publicBase: string): string {
  let path: string;
  let tail: string;
  if (location.startsWith('/') && !location.startsWith('//')) {
    const cut = location.search(/[?#]/);
    path = cut === -1 ? location : location.slice(0, cut);
    tail = cut === -1 ? '' : location.slice(cut);
  } else {
    let url: URL;
    try {
      // Only absolute and scheme-relative (`//host/x`) references can name the upstream.
      if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:|^\/\//.test(location)) return location;
      url = new URL(location, upstream);
    } catch {
      return location;
    }
    if (url.origin !== upstream.origin) return location;
    path = url.pathname;
    tail = url.search + url.hash;
  }
  const mapped = toPublicPath(path, upstreamBase, publicBase);
  return mapped === undefined ? location : mapped + tail;
}

/**
 * Rewrites the `Path` attribute of a `Set-Cookie` value from the upstream's path space to the
 * public one, so the browser sends the cookie back to the mount. `Path=/` of an upstream mounted
 * at its root becomes the mount itself (`/tools`), which matches `/tools` and everything below.
 */
export function rewriteCookiePath(setCookie: string, upstreamBase: string, publicBase: string): string {
  return setCookie.replace(/(;\s*path\s*=\s*)([^;]*)/i, (whole, prefix: string, value: string) => {
    const path = value.trim();
    if (!path.startsWith('/')) return whole;
    let mapped = toPublicPath(path, upstreamBase, publicBase);
    if (mapped === undefined) return whole;
    if (mapped.length > 1 && mapped.endsWith('/') && (path === '/' || path === upstreamBase + '/')) {
      mapped = mapped.slice(0, -1);
    }
    return prefix + mapped;
  });
}
