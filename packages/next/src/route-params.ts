/**
 * Reading the catch-all segments Next hands a route handler. In Next 15+ `params` is a Promise;
 * older versions (and hand-written calls) pass a plain object, so both are accepted.
 */
import { InvalidOptionError } from '@graft/core';

/** A route's params as Next builds them: one string per dynamic segment, an array per catch-all. */
export type RouteParams = Record<string, string | string[] | undefined>;

/**
 * The second argument of an App Router route handler. `params` is a Promise since Next 15; a
 * plain object is accepted too.
 */
export interface RouteHandlerContext {
  params?: Promise<RouteParams> | RouteParams;
}

/**
 * Returns the decoded catch-all segments of `param` (`[...path]` or `[[...path]]`):
 *
 * - `undefined` when there is no route context at all (the handler was called by hand), so the
 *   mount point cannot be derived from the route and must come from the `prefix` option;
 * - `[]` for an optional catch-all visited at its bare prefix (Next omits the key then);
 * - otherwise the segments, decoded by Next.
 *
 * @throws {InvalidOptionError} when `param` names a non-catch-all segment (a plain string).
 */
export async function readCatchAllSegments(context: RouteHandlerContext | undefined, param: string): Promise<string[] | undefined> {
  if (!context || context.params === undefined) return undefined;
  const params = await context.params;
  if (params === null || typeof params !== 'object') return undefined;
  const value = params[param];
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new InvalidOptionError(
      `route param "${param}" is not a catch-all segment: put the route in a [...${param}] or [[...${param}]] folder, or pass the param option`,
    );
  }
  return value;
}
