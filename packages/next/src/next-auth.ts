/**
 * NextAuth 4 (`next-auth`) as the identity source of a mount. Import from `@graft/next/next-auth`
 * so apps without NextAuth never load it.
 */
import type { Identity, IdentityInput } from '@graft/core';
import type { IdentityResolver } from '@graft/core/adapter';
import type { AuthOptions, Session } from 'next-auth';
import { getServerSession } from 'next-auth/next';

/** Options of {@link nextAuthIdentity}. */
export interface NextAuthIdentityOptions {
  /** Turns the session into the identity; default {@link identityFromSession}. */
  toIdentity?: (session: Session | null) => IdentityInput | Promise<IdentityInput>;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The default mapping of a NextAuth session to an identity:
 *
 * - `id`: the user's e-mail, else their name, else a subject id — `session.user.sub`,
 *   `session.user.id` (what a `session` callback commonly copies from `token.sub`) or
 *   `session.sub`. NextAuth's default session has no subject id, so users without e-mail and
 *   name are anonymous unless your `session` callback adds one.
 * - `name`, `email`, `image`: copied from `session.user` (`null` when missing).
 *
 * Returns `null` for no session or a session without a user.
 */
export function identityFromSession(session: Session | null | undefined): Identity | null {
  const user = session?.user as (Session['user'] & { sub?: unknown; id?: unknown }) | undefined;
  if (!user) return null;
  const subject = nonEmpty(user.sub) ?? nonEmpty(user.id) ?? nonEmpty((session as Session & { sub?: unknown }).sub);
  const id = nonEmpty(user.email) ?? nonEmpty(user.name) ?? subject;
  if (id === undefined) return null;
  return {
    id,
    name: user.name ?? null,
    email: user.email ?? null,
    image: user.image ?? null,
  };
}

/**
 * An identity resolver for `mount()` that asks NextAuth 4 who is signed in, with
 * `getServerSession(authOptions)` (which reads the request's cookies through `next/headers`, so
 * it only works inside a Next request: route handlers, server components, server actions).
 *
 * @example
 * ```ts
 * export const { GET, POST } = mount(app, { identity: nextAuthIdentity(authOptions), requireIdentity: true });
 * ```
 */
export function nextAuthIdentity(authOptions: AuthOptions, options: NextAuthIdentityOptions = {}): IdentityResolver {
  const toIdentity = options.toIdentity ?? identityFromSession;
  return async () => toIdentity(await getServerSession(authOptions));
}
