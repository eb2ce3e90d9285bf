/**
 * One request through the front door, in the order it happens: the target is checked (400), the
 * mount found (404), the identity resolved (500 if it fails; nothing if the client left
 * meanwhile), the identity headers applied, then the request goes to its mount — a fetch handler
 * through `serveFetch`, a Node app directly with `req`/`res` (500 if it throws or rejects).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NodeRequestListener } from '../bridge/node-app.js';
import type { Identity } from '../shared/identity.js';
import { sendPlainText } from '../shared/plain-text.js';
import { answerFailure500, type MountServerConfig } from './mount-server-config.js';
import type { PreparedFetchMount, PreparedMount, PreparedNodeMount } from './mount-table.js';
import { notFoundText } from './not-found.js';
import { applyIdentityHeaders, NO_LOCALS, presentToNodeApp } from './present-request.js';
import { isRefused, parseRequestTarget, type RequestTarget } from './request-target.js';
import { withIdentity } from './resolve-identity.js';
import { callCatching } from './thenable.js';
import { serveFetch } from './to-node-listener.js';
import { matchUrlMap, type UrlMatch } from './url-map.js';

/** What the front door knows of a matched request once its identity is resolved. */
interface Matched {
  readonly match: UrlMatch<PreparedMount>;
  readonly url: RequestTarget;
  readonly identity: Identity | null;
}

/** The front door's request listener. */
export function createRequestDispatch(config: MountServerConfig): (req: IncomingMessage, res: ServerResponse) => void {
  return function handleRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = parseRequestTarget(req.url);
    if (isRefused(url)) {
      sendPlainText(res, 400, `Bad Request: ${url.refused}`);
      return;
    }
    const match = matchUrlMap(config.table.map, url.path);
    if (!match) {
      sendPlainText(res, 404, notFoundText(config.table.mounts, config.listMounts, url.path));
      return;
    }
    withIdentity(
      config.resolveIdentity,
      req,
      (identity) => dispatch(config, req, res, { match, url, identity }),
      (error) => answerFailure500(config, 'identity', error, req, res),
    );
  };
}

function dispatch(config: MountServerConfig, req: IncomingMessage, res: ServerResponse, matched: Matched): void {
  // The client left while the identity was being resolved: nobody to answer.
  if (res.destroyed || req.socket.destroyed) return;
  applyIdentityHeaders(config, req, matched.identity);
  const mount = matched.match.entry.target;
  if (mount.kind === 'fetch') serveFetchMount(config, req, res, mount, matched);
  else serveNodeMount(config, req, res, mount, matched);
}

/** A fetch handler sees the full target; its context is linked to the `Request` it gets. */
function serveFetchMount(
  config: MountServerConfig,
  req: IncomingMessage,
  res: ServerResponse,
  mount: PreparedFetchMount,
  matched: Matched,
): void {
  const { match, url, identity } = matched;
  req.url = url.target;
  void serveFetch(
    mount.handler,
    req,
    res,
    { ...config.urlOptions, onError: mount.onError ?? config.onError },
    { identity, locals: mount.locals ?? NO_LOCALS, mountPath: match.entry.prefix, pathInfo: match.pathInfo },
  );
}

/** A Node app gets `req`/`res` themselves, presented as `callNodeApp` presents them. */
function serveNodeMount(
  config: MountServerConfig,
  req: IncomingMessage,
  res: ServerResponse,
  mount: PreparedNodeMount,
  matched: Matched,
): void {
  presentToNodeApp(config, req, res, mount, matched.match, matched.url, matched.identity);
  if (mount.locals) (res as ServerResponse & { locals?: object }).locals = { ...mount.locals };
  const failed = (error: unknown): void => answerFailure500(config, 'app', error, req, res);
  const run = (listener: NodeRequestListener): void => callCatching(() => listener(req, res), failed);
  const listener = mount.listener;
  if (typeof listener === 'function') run(listener);
  else listener.then(run, failed);
}
