/**
 * How a host tells a mount who is signed in: a function of the request (and of the host's own
 * route arguments), sync or async, run once per request before the app.
 */
import type { IdentityInput } from '../shared/identity.js';

/**
 * Returns the signed-in user for a request: an `Identity`, a bare user id, or `null` (or
 * `undefined`) for an anonymous visitor. May be async (session look-ups usually are). `args` is
 * what the host framework handed the route besides the request: Next's route context, a Remix
 * loader's arguments. A resolver that only reads the request fits every host.
 */
export type IdentityResolver<Args = unknown> = (request: Request, args: Args) => IdentityInput | Promise<IdentityInput>;

/**
 * Runs `resolver` for one request; no resolver means every request is anonymous, and
 * `undefined` is anonymous too. The result is not validated here: `callNodeApp` does that
 * (`InvalidIdentityError` for an id that cannot be delivered).
 */
export async function resolveIdentity<Args>(
  resolver: IdentityResolver<Args> | undefined,
  request: Request,
  args: Args,
): Promise<IdentityInput> {
  if (!resolver) return null;
  return (await resolver(request, args)) ?? null;
}
