/**
 * The two heads the proxy builds for one request: the request head it sends the upstream (the
 * client's end-to-end fields, the `X-Forwarded-*` set, the trusted identity), and the response
 * head it sends the client (the upstream's end-to-end fields, with its paths made public).
 */
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { canonicalHeaderName } from '../../shared/identity.js';
import { type GatewayTarget, gatewayIdentity } from '../gateway-request.js';
import type { BodyPlan } from './proxy-body.js';
import { endToEndHeaders, rewriteCookiePath, rewriteLocation } from './proxy-headers.js';
import type { ProxyConfig } from './proxy-options.js';

/** Request fields the proxy sets itself; client copies are replaced, not forwarded. */
const SET_BY_PROXY = new Set(['host', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-prefix', 'expect']);

/**
 * The request head for the upstream: the client's end-to-end fields without any identity header
 * or field the proxy sets, then `X-Forwarded-For` (the client's list plus its address),
 * `X-Forwarded-Proto`, `X-Forwarded-Host`, `X-Forwarded-Prefix`, `Host`, the identity header and
 * the configured extra headers. A forwarded body without a length goes out explicitly chunked.
 */
export function upstreamRequestHeaders(
  req: IncomingMessage,
  where: GatewayTarget,
  body: BodyPlan,
  config: ProxyConfig,
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = endToEndHeaders(
    req.rawHeaders,
    (name) => SET_BY_PROXY.has(name) || config.protectedNames.has(canonicalHeaderName(name)),
  );
  const socket = req.socket as (typeof req.socket & { encrypted?: boolean }) | null;
  const forwardedFor = [headers['x-forwarded-for']].flat().filter((v): v is string => typeof v === 'string');
  forwardedFor.push(socket?.remoteAddress ?? 'unknown');
  headers['x-forwarded-for'] = forwardedFor.join(', ');
  headers['x-forwarded-proto'] = socket?.encrypted ? 'https' : 'http';
  if (req.headers.host !== undefined) headers['x-forwarded-host'] = req.headers.host;
  if (where.mountPath !== '') headers['x-forwarded-prefix'] = where.mountPath;
  headers.host = config.options.preserveHost && req.headers.host !== undefined ? req.headers.host : config.upstream.host;
  const identity = gatewayIdentity(req);
  if (config.identityHeader !== undefined && identity) headers[config.identityHeader] = identity.id;
  for (const [name, value] of config.extraHeaders) headers[name] = value;
  if (body.kind === 'forward' && body.length === undefined) {
    // Node frames a body without a length as chunked only for some methods; be explicit.
    delete headers['content-length'];
    headers['transfer-encoding'] = 'chunked';
  }
  return headers;
}

/**
 * The response head for the client: the upstream's end-to-end fields, with `Location` and each
 * `Set-Cookie` `Path=` moved from the upstream's base path to the mount path (unless the
 * rewrites are switched off).
 */
export function clientResponseHeaders(upstreamRes: IncomingMessage, mountPath: string, config: ProxyConfig): OutgoingHttpHeaders {
  const out = endToEndHeaders(upstreamRes.rawHeaders);
  const location = out.location;
  if (typeof location === 'string' && config.options.rewriteLocation !== false) {
    out.location = rewriteLocation(location, config.upstream, config.base, mountPath);
  }
  const cookies = out['set-cookie'];
  if (cookies !== undefined && config.options.rewriteCookiePath !== false) {
    out['set-cookie'] = [cookies].flat().map((c) => rewriteCookiePath(c, config.base, mountPath));
  }
  return out;
}
