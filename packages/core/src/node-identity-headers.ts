/**
 * The identity-header rules of `callNodeApp`, applied in place to a real `IncomingMessage` from
 * Node's HTTP server: remove every client-sent identity header, then add the trusted one.
 *
 * Node keeps a request's headers in three views — `rawHeaders`, and `headers` and
 * `headersDistinct`, which are built lazily from `rawHeaders` by counting its original length.
 * So both parsed views are built *before* `rawHeaders` changes and then edited alongside it;
 * rebuilding them from a shorter or longer `rawHeaders` later would misread it. All of this
 * only happens for a request that needs it: a clean request without an identity header to add
 * is scanned once and left untouched.
 */
import type { IncomingMessage } from 'node:http';
import { canonicalHeaderName } from './identity.js';

/** Removes, from all three header views, every field whose canonical name is in `names`. */
export function stripProtectedHeaders(req: IncomingMessage, names: ReadonlySet<string>): void {
  const raw = req.rawHeaders;
  let found = false;
  for (let i = 0; i < raw.length; i += 2) {
    if (names.has(canonicalHeaderName(raw[i]!))) {
      found = true;
      break;
    }
  }
  if (!found) return;
  const headers = req.headers;
  const distinct = req.headersDistinct;
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (names.has(canonicalHeaderName(name))) {
      const lower = name.toLowerCase();
      delete headers[lower];
      delete distinct[lower];
    } else kept.push(name, raw[i + 1]!);
  }
  req.rawHeaders = kept;
}

/**
 * Adds the trusted identity header `name: value` to all three views. Call it after
 * {@link stripProtectedHeaders} with a set that contains `name`, so it is the only copy.
 */
export function addIdentityHeader(req: IncomingMessage, name: string, value: string): void {
  const lower = name.toLowerCase();
  req.headers[lower] = value;
  req.headersDistinct[lower] = [value];
  req.rawHeaders.push(name, value);
}
