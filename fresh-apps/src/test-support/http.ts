/**
 * Small HTTP helpers for the fresh-app tests: requests with a cookie jar of one header, never
 * following redirects (the tests check each hop), each bounded in time.
 */

/** A test user, and the README's user check (`checkPassword`) that knows only them. */
export interface TestUser {
  username: string;
  password: string;
  id: string;
  name: string;
  email: string;
}

/** Alice, with a password made up for this run. */
export function testUser(): TestUser {
  return { username: 'alice', password: `pw-${crypto.randomUUID()}`, id: 'alice', name: 'Alice', email: 'alice@example.com' };
}

/** The module behind the README's `checkPassword` import (the README leaves it to the reader). */
export function usersModule(user: TestUser): string {
  return `// The user check the README leaves to the reader: one test user.
export async function checkPassword(username: string, password: string) {
  if (username !== ${JSON.stringify(user.username)} || password !== ${JSON.stringify(user.password)}) return null;
  return { id: ${JSON.stringify(user.id)}, name: ${JSON.stringify(user.name)}, email: ${JSON.stringify(user.email)} };
}
`;
}

/** `name=value` pairs of a response's `Set-Cookie` headers, merged into `jar` (a `Cookie` header). */
export function withCookies(jar: string, response: Response): string {
  const cookies = new Map(
    jar
      .split('; ')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair] as const),
  );
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(';')[0]!.trim();
    cookies.set(pair.slice(0, pair.indexOf('=')), pair);
  }
  return [...cookies.values()].join('; ');
}

/** One request, redirects not followed, at most `timeoutMs` for the head. */
export function request(url: string, init: RequestInit & { cookie?: string; timeoutMs?: number } = {}): Promise<Response> {
  const { cookie, timeoutMs = 60_000, headers, ...rest } = init;
  const merged = new Headers(headers);
  if (cookie) merged.set('cookie', cookie);
  return fetch(url, { ...rest, headers: merged, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
}

/** The body of a mounted app's `/tools/me`: the identity and the trusted header it received. */
export interface WhoAmI {
  identity: { id: string; name?: string | null; email?: string | null } | null;
  header: string | null;
}
