/**
 * Identity rules: who the host says is signed in, how the embedded app receives it, and which
 * client-sent headers are removed so nobody can claim to be someone else.
 */
import { InvalidIdentityError, InvalidOptionError } from './errors.js';
import { isHeaderName } from './headers.js';

/**
 * The signed-in user as the host vouches for it. `id` is what CGI calls REMOTE_USER; the rest is
 * free-form and reaches the app untouched through `req.graft.identity`.
 */
export interface Identity {
  /** Stable user id (username, subject). Must be non-empty and fit in an HTTP header value. */
  id: string;
  /** Display name, if the host knows one. */
  name?: string | null;
  /** E-mail address, if the host knows one. */
  email?: string | null;
  /** Any further claims (roles, tenant, …). */
  [claim: string]: unknown;
}

/** What hosts may pass as `identity`: an {@link Identity}, a bare user id, or `null` (anonymous). */
export type IdentityInput = Identity | string | null | undefined;

/**
 * Header names that carry identities between trusting proxies and apps. A client never has a
 * reason to send them, so they are always removed from embedded requests, whatever the
 * configured `identityHeader` is. Compared after lower-casing and mapping `_` to `-`, because
 * CGI and some servers treat `Remote_User` and `Remote-User` as the same variable.
 */
export const PROTECTED_IDENTITY_HEADERS: readonly string[] = [
  'remote-user',
  'x-remote-user',
  'x-forwarded-user',
  'x-forwarded-email',
  'x-forwarded-preferred-username',
  'x-auth-request-user',
  'x-auth-request-email',
  'x-graft-user',
  // CGI's name for Remote-User, sent as a header name by a client hoping a gateway passes it on.
  'http-remote-user',
];

/** Lower-cases a header name and maps `_` to `-`, the form identity headers are compared in. */
export function canonicalHeaderName(name: string): string {
  const lower = name.toLowerCase();
  return lower.includes('_') ? lower.replaceAll('_', '-') : lower;
}

/**
 * The set of canonical names to strip: the defaults plus the configured header. Hosts configure
 * one or two header names for the life of the process, so each set is built once.
 */
export function protectedHeaderSet(identityHeader: string | undefined): ReadonlySet<string> {
  if (identityHeader === undefined) return DEFAULT_PROTECTED;
  let set = withConfigured.get(identityHeader);
  if (!set) {
    set = new Set(DEFAULT_PROTECTED).add(canonicalHeaderName(identityHeader));
    if (withConfigured.size < 64) withConfigured.set(identityHeader, set);
  }
  return set;
}

const withConfigured = new Map<string, ReadonlySet<string>>();

const DEFAULT_PROTECTED: ReadonlySet<string> = new Set(PROTECTED_IDENTITY_HEADERS);

/**
 * Checks an `identityHeader` option (the request header that carries `identity.id` to an app or
 * upstream): `undefined`, or a header name (an RFC 9110 token), returned as given.
 *
 * @param owner - Who has the option, for the message (`'proxy'` gives `proxy: identityHeader …`).
 * @throws {InvalidOptionError} for anything else: a non-string, `''`, a name with a space, `:`, …
 */
export function checkIdentityHeader(name: unknown, owner?: string): string | undefined {
  if (name === undefined) return undefined;
  if (typeof name !== 'string' || !isHeaderName(name)) {
    const given = typeof name === 'string' ? JSON.stringify(name) : typeof name;
    throw new InvalidOptionError(`${owner ? `${owner}: ` : ''}identityHeader ${given} is not a valid header name`);
  }
  return name;
}

// RFC 9110 field-value characters without CR, LF or NUL; ids are sent as header values.
const HEADER_VALUE_UNSAFE = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * Turns the host's `identity` option into an {@link Identity} or `null`.
 *
 * @throws {InvalidIdentityError} for an empty id, a non-string id, or an id with characters that
 * cannot be carried in a header value (CR, LF, NUL, …): such an id could smuggle a second header.
 */
export function normalizeIdentity(input: IdentityInput): Identity | null {
  if (input === null || input === undefined) return null;
  const identity: Identity = typeof input === 'string' ? { id: input } : input;
  if (typeof identity !== 'object' || typeof identity.id !== 'string' || identity.id === '') {
    throw new InvalidIdentityError('identity.id must be a non-empty string');
  }
  if (HEADER_VALUE_UNSAFE.test(identity.id)) {
    throw new InvalidIdentityError('identity.id contains characters not allowed in a header value');
  }
  return identity;
}
