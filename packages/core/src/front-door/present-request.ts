/**
 * How `req` looks when the app that owns it gets it: client identity headers out and the trusted
 * one in (for every app), and for a Node app the prefix moved from `req.url` to `req.baseUrl`
 * with `req.graft` beside it, exactly as `callNodeApp` presents a request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraftIncomingMessage } from '../bridge/request.js';
import type { Identity } from '../shared/identity.js';
import type { MountServerConfig } from './mount-server-config.js';
import type { PreparedMount, PreparedNodeMount } from './mount-table.js';
import { addIdentityHeader, stripProtectedHeaders, stripProtectedTrailers } from './node-identity-headers.js';
import { createNodeGraftContext } from './node-request-view.js';
import type { RequestTarget } from './request-target.js';
import type { UrlMatch } from './url-map.js';

/** The `locals` of a mount without any: one frozen object, shared. */
export const NO_LOCALS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/** Identity headers: client copies out (head and trailers), the trusted one in, before any app sees `req`. */
export function applyIdentityHeaders(config: MountServerConfig, req: IncomingMessage, identity: Identity | null): void {
  stripProtectedHeaders(req, config.protectedNames);
  stripProtectedTrailers(req, config.protectedNames);
  if (identity && config.identityHeader !== undefined) addIdentityHeader(req, config.identityHeader, identity.id);
}

/**
 * Moves the prefix from `req.url` to `req.baseUrl` (unless the app strips it itself), keeps the
 * full raw target in `req.originalUrl`, and sets `req.graft`. `res` is `undefined` for an upgrade.
 */
export function presentToNodeApp(
  config: MountServerConfig,
  req: IncomingMessage,
  res: ServerResponse | undefined,
  mount: PreparedNodeMount,
  match: UrlMatch<PreparedMount>,
  url: RequestTarget,
  identity: Identity | null,
): void {
  const mountPath = mount.fullPath ? '' : match.entry.prefix;
  const pathInfo = mount.fullPath ? url.path : match.pathInfo;
  const graftReq = req as GraftIncomingMessage;
  graftReq.url = pathInfo + url.search;
  graftReq.originalUrl = url.target;
  graftReq.baseUrl = mountPath;
  const init = { identity, locals: mount.locals ?? NO_LOCALS, mountPath, pathInfo };
  graftReq.graft = createNodeGraftContext(req, res, init, config.urlOptions);
}
