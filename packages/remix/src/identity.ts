/**
 * A ready-made identity resolver for the common case of a user kept in a cookie session
 * (`createCookieSessionStorage`). Any function `(request, args) => identity` works as well.
 */
import type { IdentityInput } from '@graft/core';
import type { IdentityResolver } from '@graft/core/adapter';

/**
 * What `sessionIdentity` needs of a session storage: `getSession(cookieHeader)` resolving to
 * something with `get(key)`. The `SessionStorage` of `@remix-run/node` (Remix v2) and of
 * `react-router` (v7) both fit, cookie-backed or not.
 */
export interface SessionStorageLike {
  getSession(cookieHeader?: string | null): Promise<{ get(name: never): unknown }>;
}

/** Options of {@link sessionIdentity}. */
export interface SessionIdentityOptions {
  /** The session key the host's sign-in stores the user under. Default `'user'`. */
  key?: string;
  /**
   * Turns the stored value into an identity. Default: a string is the user id, an object is
   * taken as an `Identity` (`{ id, name?, email?, … }`), `undefined`/`null` is anonymous; any
   * other value, or an object without a string `id`, fails the request with core's
   * `InvalidIdentityError` rather than being guessed at.
   */
  toIdentity?: (value: unknown) => IdentityInput | Promise<IdentityInput>;
}

/**
 * An identity resolver (for `mount()`'s `identity`) that reads the user from the request's
 * session cookie.
 *
 * @example
 * ```ts
 * // app/sessions.server.ts
 * export const sessionStorage = createCookieSessionStorage({ cookie: { name: '__session', secrets: [SECRET] } });
 * // app/routes/tools.$.tsx
 * export const { loader, action } = mount(app, { identity: sessionIdentity(sessionStorage, { key: 'user' }) });
 * ```
 */
export function sessionIdentity(storage: SessionStorageLike, options: SessionIdentityOptions = {}): IdentityResolver {
  const key = options.key ?? 'user';
  const toIdentity = options.toIdentity ?? defaultToIdentity;
  return async (request) => {
    const session = await storage.getSession(request.headers.get('Cookie'));
    return toIdentity((session.get as (name: string) => unknown)(key));
  };
}

function defaultToIdentity(value: unknown): IdentityInput {
  if (value === undefined || value === null) return null;
  // Strings and objects are checked by core (non-empty id, header-safe); anything else is a bug
  // of the host's sign-in and is reported as such by core's InvalidIdentityError.
  return value as IdentityInput;
}
