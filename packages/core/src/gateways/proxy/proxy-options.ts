/**
 * The options of `proxy()`, and the configuration they become once checked: everything a proxied
 * request needs that does not depend on the request, derived once when the gateway is created.
 */
import { type ClientRequest, type Agent as HttpAgent, request as httpRequest, type RequestOptions } from 'node:http';
import { type Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { GraftErrorHandler } from '../../shared/error-hook.js';
import { InvalidOptionError } from '../../shared/errors.js';
import { checkIdentityHeader, protectedHeaderSet } from '../../shared/identity.js';
import type { GatewayReporting } from '../gateway-failure.js';

/**
 * Options of `proxy`.
 *
 * | option | default | meaning |
 * | --- | --- | --- |
 * | `identityHeader` | none | request header carrying `identity.id` to the upstream; client copies always removed |
 * | `timeout` | `30000` | ms until the upstream's response head; then 504; `0` = off |
 * | `preserveHost` | `false` | send the client's `Host` instead of the target's |
 * | `rewriteLocation` | `true` | map `Location` from the upstream's paths to the public ones |
 * | `rewriteCookiePath` | `true` | map `Set-Cookie` `Path=` the same way |
 * | `headers` | `{}` | extra request headers for the upstream (e.g. a shared secret) |
 * | `agent` | Node's global agent | an `http.Agent`/`https.Agent` (TLS options, pooling) |
 * | `logger` | `console.error` | receives upstream failures (without `onError`) |
 * | `onError` | none | receives upstream failures as a `GatewayError`; may answer instead of the 502/504 |
 */
export interface ProxyOptions {
  /**
   * Deliver `identity.id` (from `req.graft.identity`) in this header, e.g. `x-remote-user`.
   * Every client-sent copy — in any case, with `_` for `-` — is removed first, as are the common
   * identity headers in `PROTECTED_IDENTITY_HEADERS`; an anonymous request carries none.
   */
  identityHeader?: string;
  /** Milliseconds until the upstream must send its response head, then 504. Default 30 000; `0` = off. */
  timeout?: number;
  /** Forward the client's `Host` rather than the target's. Default `false` (X-Forwarded-Host has it). */
  preserveHost?: boolean;
  /** Rewrite `Location` from the upstream's path space to the public one. Default `true`. */
  rewriteLocation?: boolean;
  /** Rewrite `Set-Cookie` `Path=` from the upstream's path space to the public one. Default `true`. */
  rewriteCookiePath?: boolean;
  /** Extra request headers, set after the client's (they replace a client field of the same name). */
  headers?: Readonly<Record<string, string>>;
  /** The agent for upstream connections. Default: Node's global (keep-alive) agent. */
  agent?: HttpAgent | HttpsAgent;
  /** Where upstream failures are reported without `onError`, one line each. Default `console.error`. */
  logger?: (message: string) => void;
  /**
   * Receives the proxy's failures — the upstream unreachable (502), too slow (504,
   * `GRAFT_GATEWAY_TIMEOUT`), an unusable head (502), a body that does not match its length
   * (502), a response cut short mid-body — as a `GatewayError` (the socket error as its `cause`),
   * with `where: 'proxy'`, instead of `logger`. Before the head, a returned `Response` is sent
   * instead of the plain-text 502/504. The one contract of every `onError` in Graft: see
   * {@link GraftErrorHandler}.
   */
  onError?: GraftErrorHandler;
}

/** {@link ProxyOptions} after checking, with what every request of the gateway shares. */
export interface ProxyConfig extends GatewayReporting {
  /** The target as given: its origin and `host` name the upstream. */
  readonly upstream: URL;
  /** The target's path without trailing slashes (`''` for its root): the upstream's base path. */
  readonly base: string;
  /** `http.request` or `https.request`, by the target's scheme. */
  readonly send: (options: RequestOptions) => ClientRequest;
  /** The target's host name, without the brackets of an IPv6 literal. */
  readonly hostname: string;
  /** The target's port, or the scheme's default. */
  readonly port: string | number;
  /** Milliseconds until the response head; `0` = no limit. */
  readonly timeout: number;
  /** The lower-cased identity header, if any. */
  readonly identityHeader: string | undefined;
  /** Canonical names of the identity headers a client may not send. */
  readonly protectedNames: ReadonlySet<string>;
  /** The extra request headers, names lower-cased. */
  readonly extraHeaders: readonly (readonly [string, string])[];
  /** The logger, each line prefixed with `[graft proxy <host>]`. */
  readonly log: (message: string) => void;
  /** The options as given, for the flags read per request (`preserveHost`, the rewrites, `agent`). */
  readonly options: ProxyOptions;
}

/**
 * Checks `target` and `options` and derives the gateway's configuration.
 *
 * @throws {InvalidOptionError} for a target that is not an absolute http(s) URL without query,
 * fragment or credentials, a negative or non-numeric `timeout`, or an `identityHeader` that is
 * not a header name.
 */
export function resolveProxyConfig(target: string | URL, options: ProxyOptions): ProxyConfig {
  const upstream = parseTarget(target);
  const timeout = options.timeout ?? 30_000;
  if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0) {
    throw new InvalidOptionError('proxy: timeout must be a number >= 0');
  }
  const identityHeader = checkIdentityHeader(options.identityHeader, 'proxy')?.toLowerCase();
  const secure = upstream.protocol === 'https:';
  const logger = options.logger ?? ((message: string) => console.error(message));
  return {
    upstream,
    base: upstream.pathname.replace(/\/+$/, ''),
    send: secure ? httpsRequest : httpRequest,
    hostname: upstream.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: upstream.port || (secure ? 443 : 80),
    timeout,
    identityHeader,
    protectedNames: protectedHeaderSet(identityHeader),
    extraHeaders: Object.entries(options.headers ?? {}).map(([n, v]) => [n.toLowerCase(), v] as const),
    where: 'proxy',
    onError: options.onError,
    log: (message) => logger(`[graft proxy ${upstream.host}] ${message}`),
    options,
  };
}

function parseTarget(target: string | URL): URL {
  let upstream: URL;
  try {
    upstream = new URL(target);
  } catch {
    throw new InvalidOptionError(`proxy: target ${JSON.stringify(String(target))} is not an absolute URL`);
  }
  if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:') {
    throw new InvalidOptionError('proxy: target must be an http: or https: URL');
  }
  if (upstream.search !== '' || upstream.hash !== '' || upstream.username !== '' || upstream.password !== '') {
    throw new InvalidOptionError('proxy: target must not carry a query, a fragment or credentials');
  }
  return upstream;
}
