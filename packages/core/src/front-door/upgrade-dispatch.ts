/**
 * One upgrade (WebSocket) through the front door: the same target check, mount match and identity
 * as a request, then the `upgrade` handler of the mount that owns the path. Every upgrade nobody
 * takes is answered with a bare status line (400, 404, 500) and its socket closed.
 *
 * Once Node's HTTP server emits `'upgrade'` it stops watching the socket for errors: a client that
 * resets the connection (while the identity is resolved, or a refusal is written) would raise an
 * `'error'` nobody listens to, and crash the process. The front door listens for the socket's life.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type MountServerConfig, reportFailure } from './mount-server-config.js';
import { applyIdentityHeaders, presentToNodeApp } from './present-request.js';
import { isRefused, parseRequestTarget } from './request-target.js';
import { withIdentity } from './resolve-identity.js';
import { callCatching } from './thenable.js';
import { matchUrlMap } from './url-map.js';

/** The front door's `'upgrade'` listener. */
export function createUpgradeDispatch(config: MountServerConfig): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', destroyOnError);
    const url = parseRequestTarget(req.url);
    if (isRefused(url)) {
      refuseUpgrade(socket, 400);
      return;
    }
    const match = matchUrlMap(config.table.map, url.path);
    const mount = match?.entry.target;
    if (!match || !mount?.upgrade) {
      refuseUpgrade(socket, 404);
      return;
    }
    const upgrade = mount.upgrade;
    const failed = (error: unknown): void => {
      reportFailure(config, 'upgrade', error, req);
      socket.destroy();
    };
    withIdentity(
      config.resolveIdentity,
      req,
      (identity) => {
        if (socket.destroyed) return;
        applyIdentityHeaders(config, req, identity);
        if (mount.kind === 'node') presentToNodeApp(config, req, undefined, mount, match, url, identity);
        else req.url = url.target;
        callCatching(() => upgrade(req, socket, head), failed);
      },
      (error) => {
        reportFailure(config, 'identity', error, req);
        refuseUpgrade(socket, 500);
      },
    );
  };
}

/** A socket error (a client's reset) ends the socket, never the process; handlers may add their own listeners. */
function destroyOnError(this: Duplex): void {
  this.destroy();
}

const UPGRADE_REFUSALS: Record<number, string> = {
  400: 'HTTP/1.1 400 Bad Request',
  404: 'HTTP/1.1 404 Not Found',
  500: 'HTTP/1.1 500 Internal Server Error',
};

/** Answers an upgrade nobody takes with a status line and closes the socket. */
function refuseUpgrade(socket: Duplex, status: 400 | 404 | 500): void {
  if (socket.destroyed) return;
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`${UPGRADE_REFUSALS[status]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`, () => socket.destroy());
}
