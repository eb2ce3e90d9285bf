/**
 * Header rules of the HTTP proxy gateway: which fields cross the hop, and how the upstream's
 * paths in `Location` and `Set-Cookie` are moved into the public path space.
 */
import { HOP_BY_HOP_HEADERS } from '../../shared/headers.js';

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
  else if (path === upstreamBase || path.startsWith(`${upstreamBase}/`)) rest = path.slice(upstreamBase.length);
  else return undefined;
  const mapped = publicBase + rest;
  return mapped === '' ? '/' : mapped;
}

/**
 * Makes a mapped path safe to send as a `Location`: it must be a path-absolute reference that a
 * browser resolves on the public origin. Browsers drop tabs and newlines inside a URL and leading
 * C0 controls and spaces, and read `\` as `/` in http(s) URLs, so a path led by two slashes of
 * either kind (`//evil`, `/\evil`, `/\t/evil`) would be a scheme-relative URL to another host; it
 * gets a `/.` in front (`/.//evil`), which resolves to the path `//evil` on the same origin.
 * Returns `undefined` for a value that does not start with a slash at all.
 */
function onPublicOrigin(path: string): string | undefined {
  const seen = path.replace(/[\t\n\r]/g, '').replace(/^[\x00-\x20]+/, '');
  if (!/^[/\\]/.test(seen)) return undefined;
  return /^[/\\]{2}/.test(seen) ? `/.${path}` : path;
}

/**
 * Rewrites a `Location` the upstream sent: an absolute URL on the upstream's origin, or a
 * path-absolute reference, under the upstream base path, becomes the matching public path.
 * Anything else (another site, a relative reference, a path outside the base) is left alone.
 *
 * A rewritten value is always a path-absolute reference on the public origin: a mapped path that
 * a browser would read as scheme-relative (`//host`, `/\host`, at a root mount `/base//host`)
 * becomes `/.//host`, the same path on the same origin. If the mapped path cannot be made one
 * (a mount path not led by `/`), the `Location` is left as the upstream sent it.
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
  const safe = mapped === undefined ? undefined : onPublicOrigin(mapped);
  return safe === undefined ? location : safe + tail;
}

/**
 * Rewrites the `Path` attribute of a `Set-Cookie` value from the upstream's path space to the
 * public one, so the browser sends the cookie back to the mount. `Path=/` of an upstream mounted
 * at its root becomes the mount itself (`/tools`), which matches `/tools` and everything below.
 *
 * A mapped path that could not be a single attribute value (one holding `;`, a comma or a control
 * character, as a mount path taken from the request by a `/:tenant` route could) is not used: the
 * cookie keeps the upstream's `Path`, so no attribute (`Domain=`…) can be injected. A `Path` is
 * only a scope for sending the cookie back, never a place a browser navigates to, so a `//x`
 * path there cannot lead off-site.
 */
export function rewriteCookiePath(setCookie: string, upstreamBase: string, publicBase: string): string {
  return setCookie.replace(/(;\s*path\s*=\s*)([^;]*)/i, (whole, prefix: string, value: string) => {
    const path = value.trim();
    if (!path.startsWith('/')) return whole;
    let mapped = toPublicPath(path, upstreamBase, publicBase);
    if (mapped === undefined || /[;,\x00-\x1f\x7f]/.test(mapped)) return whole;
    if (mapped.length > 1 && mapped.endsWith('/') && (path === '/' || path === `${upstreamBase}/`)) {
      mapped = mapped.slice(0, -1);
    }
    return prefix + mapped;
  });
}
