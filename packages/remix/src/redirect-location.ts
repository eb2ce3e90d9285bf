/**
 * Redirects leave a loader in a form the framework will not rewrite wrongly.
 *
 * Remix v2 and React Router 7 treat a redirect returned by a loader/action as a router redirect:
 * a `Location` that is not an absolute URL is resolved against the ROUTE (not the URL, as a
 * browser would resolve it), and the basename is put in front of a path-absolute one. An
 * embedded app knows nothing of that: its `Location: /site/tools/x` (built from `req.baseUrl`,
 * which already holds the basename) would become `/site/site/tools/x`, and `Location: edit`
 * would land somewhere else than the browser would have gone. So the bridge resolves the
 * `Location` against the request URL itself, exactly as a browser would, and hands the framework
 * the path below the basename, which the framework then turns back into the same URL.
 */

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
// What the frameworks take as an absolute URL and leave alone: a scheme, or `//host`.
const ABSOLUTE_URL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/**
 * The `Location` to hand the framework for a redirect the app sent as `location`, for a request
 * to `requestUrl`, on a site with the given (normalized, `''` for none) basename. Returns the
 * value unchanged when the framework will not touch it.
 */
export function frameworkLocation(location: string, requestUrl: string, basename: string): string {
  if (ABSOLUTE_URL.test(location)) return location;
  // Without a basename, a path-absolute Location passes the framework unchanged.
  if (basename === '' && location.startsWith('/')) return location;
  let target: URL;
  try {
    target = new URL(location, requestUrl);
  } catch {
    return location;
  }
  const path = target.pathname;
  const rest = target.search + target.hash;
  if (basename === '') return path + rest;
  const lowerPath = path.toLowerCase();
  const lowerBase = basename.toLowerCase();
  if (lowerPath === lowerBase) return `/${rest}`;
  if (lowerPath.startsWith(lowerBase) && path.charCodeAt(basename.length) === 47 /* / */) {
    return path.slice(basename.length) + rest;
  }
  // Outside the basename there is no path the framework leaves alone: name the URL in full.
  return target.href;
}

/**
 * Rewrites the `Location` of a redirect `response` (301, 302, 303, 307, 308, the statuses the
 * frameworks rewrite) in place, as {@link frameworkLocation} says. Returns the same response.
 */
export function adjustRedirectForFramework(response: Response, requestUrl: string, basename: string): Response {
  if (!REDIRECT_STATUSES.has(response.status)) return response;
  const location = response.headers.get('location');
  if (location === null) return response;
  const adjusted = frameworkLocation(location, requestUrl, basename);
  if (adjusted !== location) response.headers.set('location', adjusted);
  return response;
}
