/**
 * Resolving who is signed in, once per request or upgrade, before any app runs: the `identity`
 * option's answer, synchronous or a promise, normalised; any failure goes one way (a 500).
 */
import type { IncomingMessage } from 'node:http';
import { type Identity, type IdentityInput, normalizeIdentity } from '../shared/identity.js';
import { isThenable } from './thenable.js';

/** The `identity` option of `createMountServer`. */
export type IdentityResolver = (req: IncomingMessage) => IdentityInput | Promise<IdentityInput>;

/**
 * Runs `then` with the identity (`null` without a resolver), or `fail` when it cannot be
 * resolved: the resolver throws or rejects, or answers an id that could not travel in a header.
 * A synchronous answer keeps the whole dispatch synchronous (no microtask per request).
 */
export function withIdentity(
  resolve: IdentityResolver | undefined,
  req: IncomingMessage,
  then: (identity: Identity | null) => void,
  fail: (error: unknown) => void,
): void {
  if (!resolve) {
    then(null);
    return;
  }
  const deliver = (input: IdentityInput): void => {
    let identity: Identity | null;
    try {
      // Refuses ids that could not travel in a header (CR/LF): a 500, never a smuggled header.
      identity = normalizeIdentity(input);
    } catch (error) {
      fail(error);
      return;
    }
    then(identity);
  };
  let result: IdentityInput | Promise<IdentityInput>;
  try {
    result = resolve(req);
  } catch (error) {
    fail(error);
    return;
  }
  if (isThenable(result)) result.then(deliver, fail);
  else deliver(result);
}
