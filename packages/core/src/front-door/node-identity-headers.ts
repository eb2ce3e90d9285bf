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
 *
 * Trailers (`rawTrailers`, `trailers`, `trailersDistinct`) of a chunked request arrive only at
 * the end of its body, after the app has started: they are filtered as Node stores them.
 */
import type { IncomingMessage } from 'node:http';
import { canonicalHeaderName } from '../shared/identity.js';

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

/** What Node's `IncomingMessage` offers to build header objects its own way (Node ≥ 18). */
interface HeaderLineBuilder {
  _addHeaderLine?(field: string, value: string, dest: Record<string, unknown>): void;
  _addHeaderLineDistinct?(field: string, value: string, dest: Record<string, string[]>): void;
}

/**
 * Keeps every field whose canonical name is in `names` out of the request's trailers, which
 * Node's parser sets only when the body ends: from then on `req.rawTrailers` lacks them, and
 * `req.trailers` and `req.trailersDistinct` are built from what is left, as Node builds them.
 * Only a request with a chunked body can have trailers; any other is left untouched.
 */
export function stripProtectedTrailers(req: IncomingMessage, names: ReadonlySet<string>): void {
  if (req.headers['transfer-encoding'] === undefined) return;
  const filter = (raw: string[]): string[] => {
    const kept: string[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      if (!names.has(canonicalHeaderName(raw[i]!))) kept.push(raw[i]!, raw[i + 1]!);
    }
    return kept;
  };
  const builder = req as IncomingMessage & HeaderLineBuilder;
  let raw = filter(req.rawTrailers);
  let parsed: Record<string, string | undefined> | undefined;
  let distinct: Record<string, string[]> | undefined;
  Object.defineProperties(req, {
    rawTrailers: {
      configurable: true,
      enumerable: true,
      get: () => raw,
      // Node's parser assigns the trailers here when the body ends.
      set: (value: string[]) => {
        raw = filter(value);
        parsed = distinct = undefined;
      },
    },
    trailers: {
      configurable: true,
      enumerable: true,
      get: () => {
        if (parsed) return parsed;
        const built: Record<string, string | undefined> = {};
        for (let i = 0; i < raw.length; i += 2) {
          if (builder._addHeaderLine) builder._addHeaderLine(raw[i]!, raw[i + 1]!, built);
          else addJoined(built, raw[i]!.toLowerCase(), raw[i + 1]!);
        }
        return (parsed = built);
      },
      set: (value: Record<string, string | undefined>) => void (parsed = value),
    },
    trailersDistinct: {
      configurable: true,
      enumerable: true,
      get: () => {
        if (distinct) return distinct;
        const built: Record<string, string[]> = {};
        for (let i = 0; i < raw.length; i += 2) {
          if (builder._addHeaderLineDistinct) builder._addHeaderLineDistinct(raw[i]!, raw[i + 1]!, built);
          else (built[raw[i]!.toLowerCase()] ??= []).push(raw[i + 1]!);
        }
        return (distinct = built);
      },
      set: (value: Record<string, string[]>) => void (distinct = value),
    },
  });
}

function addJoined(dest: Record<string, string | undefined>, name: string, value: string): void {
  const earlier = dest[name];
  dest[name] = earlier === undefined ? value : `${earlier}, ${value}`;
}
