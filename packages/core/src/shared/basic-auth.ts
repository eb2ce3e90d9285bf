/**
 * HTTP Basic authentication (RFC 7617) for mounts whose clients cannot carry the host's session
 * cookie — `git`, `curl`, WebDAV clients, scripts — checked against the host's own users. It
 * works with any Fetch host: a `mount()` of `@graft/next` or `@graft/remix`, or a hand-written
 * route around `callNodeApp`.
 *
 * ```ts
 * const auth = basicAuth({ realm: 'git', verify: checkUser, required: isGitPush });
 * const handler = auth.protect(createRouteHandler(gitBackend, { prefix: '/git', identity: auth.identity }));
 * ```
 */
import type { IdentityInput } from './identity.js';
import { plainTextResponse } from './plain-text.js';

/** What an `Authorization` field says, as far as Basic authentication is concerned. */
export type BasicAuthorization =
  /** No `Authorization` field, or one with another scheme (`Bearer …`). */
  | { kind: 'absent' }
  /** `Basic`, but not the base64 of `user-id:password` in UTF-8 without control characters. */
  | { kind: 'malformed' }
  | { kind: 'credentials'; username: string; password: string };

const TOKEN68_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
// RFC 7617 §2: neither part may contain control characters (CTL).
const CONTROL = /[\x00-\x1f\x7f]/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses an `Authorization` field value. The scheme is case-insensitive; the user-id ends at the
 * first `:` (RFC 7617: a user-id cannot contain one, a password can).
 */
export function parseBasicAuthorization(value: string | null | undefined): BasicAuthorization {
  const match = /^basic(?:[ \t]+(.*))?$/i.exec((value ?? '').trim());
  if (!match) return { kind: 'absent' };
  const token = (match[1] ?? '').trim();
  if (!TOKEN68_BASE64.test(token) || token.replace(/=+$/, '').length % 4 === 1) return { kind: 'malformed' };
  let decoded: string;
  try {
    decoded = utf8.decode(Buffer.from(token, 'base64'));
  } catch {
    return { kind: 'malformed' };
  }
  const colon = decoded.indexOf(':');
  if (colon === -1 || CONTROL.test(decoded)) return { kind: 'malformed' };
  return { kind: 'credentials', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A `"…"` quoted-string for an auth parameter. */
function quoted(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * The `401 Unauthorized` answer that makes a client (a browser, `git`, `curl --anyauth`) send
 * Basic credentials: `WWW-Authenticate: Basic realm="…", charset="UTF-8"`.
 *
 * @throws {TypeError} for a realm with control characters (it could not be sent as a header).
 */
export function basicAuthChallenge(realm: string, message = 'Authentication required'): Response {
  if (CONTROL.test(realm)) throw new TypeError('basicAuthChallenge: realm must not contain control characters');
  return plainTextResponse(401, `${message}\n`, { 'www-authenticate': `Basic realm=${quoted(realm)}, charset="UTF-8"` });
}

/** Options of {@link basicAuth}. */
export interface BasicAuthOptions {
  /** The protection space named in the challenge, e.g. `'Graft git'`. */
  realm: string;
  /**
   * Checks a user name and password against the host's users: the signed-in identity (an
   * `Identity` or a bare id) when they match, `null` when they do not. Sync or async. Compare
   * passwords in constant time (`crypto.timingSafeEqual`).
   */
  verify: (username: string, password: string, request: Request) => IdentityInput | Promise<IdentityInput>;
  /**
   * Which requests need a user even when the client sent no credentials: `true` for all, or a
   * function of the request (e.g. only git pushes). Default `false`: anonymous requests pass, as
   * anonymous, and the app decides.
   */
  required?: boolean | ((request: Request) => boolean);
}

/** What {@link basicAuth} returns. */
export interface BasicAuth {
  /** For `mount()`'s `identity`: the verified user, or `null` (no, malformed or wrong credentials). */
  identity: (request: Request) => Promise<IdentityInput>;
  /**
   * Wraps a route handler: wrong or malformed credentials get the 401 challenge whatever the
   * request, and so do anonymous requests that `required` names; everything else reaches
   * `handler` unchanged.
   */
  protect<Rest extends unknown[]>(
    handler: (request: Request, ...rest: Rest) => Promise<Response>,
  ): (request: Request, ...rest: Rest) => Promise<Response>;
  /** The challenge this realm answers with. */
  challenge(): Response;
}

type Outcome = { kind: 'anonymous' } | { kind: 'rejected' } | { kind: 'user'; identity: IdentityInput };

/**
 * HTTP Basic authentication against the host's own users, for clients that cannot carry its
 * session cookie. `protect` answers the requests that must not go on; `identity` tells the mount
 * who the rest are. `verify` runs once per request, however many of the two ask.
 *
 * Basic credentials travel in clear text: serve such mounts over HTTPS outside a demo.
 *
 * @throws {TypeError} for a missing `verify` or a realm with control characters.
 */
export function basicAuth(options: BasicAuthOptions): BasicAuth {
  if (typeof options?.verify !== 'function') throw new TypeError('basicAuth: options.verify must be a function');
  const { realm, verify } = options;
  // Fail at setup, not on the first anonymous request.
  basicAuthChallenge(realm);
  const required = options.required ?? false;
  const outcomes = new WeakMap<Request, Promise<Outcome>>();

  const check = (request: Request): Promise<Outcome> => {
    let outcome = outcomes.get(request);
    if (!outcome) {
      outcome = (async (): Promise<Outcome> => {
        const auth = parseBasicAuthorization(request.headers.get('authorization'));
        if (auth.kind === 'absent') return { kind: 'anonymous' };
        if (auth.kind === 'malformed') return { kind: 'rejected' };
        const identity = await verify(auth.username, auth.password, request);
        return identity == null ? { kind: 'rejected' } : { kind: 'user', identity };
      })();
      outcomes.set(request, outcome);
    }
    return outcome;
  };

  return {
    identity: async (request) => {
      const outcome = await check(request);
      return outcome.kind === 'user' ? outcome.identity : null;
    },
    protect(handler) {
      return async (request, ...rest) => {
        const outcome = await check(request);
        if (outcome.kind === 'rejected') return basicAuthChallenge(realm, 'Wrong user name or password');
        if (outcome.kind === 'anonymous' && (typeof required === 'function' ? required(request) : required)) {
          return basicAuthChallenge(realm);
        }
        return handler(request, ...rest);
      };
    },
    challenge: () => basicAuthChallenge(realm),
  };
}
