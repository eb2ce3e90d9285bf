/**
 * How the host tells a mount who is signed in: a function of the request, sync or async.
 */
import type { IdentityInput } from '@graft/core';

/**
 * Returns the signed-in user for a request — an `Identity`, a bare user id, or `null` for an
 * anonymous visitor. May be async (session look-ups usually are). It runs once per request,
 * before the app.
 */
export type IdentityResolver = (request: Request) => IdentityInput | Promise<IdentityInput>;

/** Runs the resolver, if any; no resolver means every request is anonymous. */
export async function resolveIdentity(
  resolver: IdentityResolver | undefined,
  request: Request,
): Promise<IdentityInput> {
  if (!resolver) return null;
  return (await resolver(request)) ?? null;
}
