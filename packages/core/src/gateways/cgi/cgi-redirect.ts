/**
 * Local redirects (RFC 3875 §6.2.2): a script's `Location: /path` without `Status` asks the server
 * to serve that path instead. The gateway can serve only paths under its own mount (the host's
 * other routes are out of its reach), so any other path goes to the client as a 302.
 */
import { mountTail, splitTarget } from '../../shared/mount-path.js';
import { decodeCgiPath } from './cgi-env.js';

/** Local redirects followed for one request before giving up with 502 (a script looping on itself). */
export const MAX_LOCAL_REDIRECTS = 10;

/** What the gateway does with one local redirect. */
export type LocalRedirectPlan =
  /** Run the program again, as a GET, for this path below the mount (decoded) and raw query. */
  | { kind: 'rerun'; pathInfo: string; queryString: string }
  /** The path is outside the mount: a 302 to it, for the client to follow. */
  | { kind: 'to-client' }
  /** The redirect limit is reached, or the path cannot be given to a script: 502. */
  | { kind: 'refuse' };

/**
 * Decides a local redirect to `location` (a path, maybe with a query) for a request mounted at
 * `mountPath` (raw, `''` at the root) after `hops` redirects already followed.
 */
export function planLocalRedirect(location: string, mountPath: string, hops: number): LocalRedirectPlan {
  const { path, search } = splitTarget(location);
  const tail = mountTail(path, mountPath);
  if (tail === undefined) return { kind: 'to-client' };
  const pathInfo = decodeCgiPath(tail);
  if (hops >= MAX_LOCAL_REDIRECTS || pathInfo === undefined) return { kind: 'refuse' };
  return { kind: 'rerun', pathInfo, queryString: search.slice(1) };
}
