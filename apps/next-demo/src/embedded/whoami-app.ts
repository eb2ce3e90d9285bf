/**
 * A plain Node `(req, res)` handler (no framework) that reports what it received. The demo puts
 * it behind a next-connect router with an auth guard.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getGraftContext } from '@graft/core';

export function whoamiApp(req: IncomingMessage, res: ServerResponse): void {
  const graft = getGraftContext(req);
  const body = JSON.stringify({
    app: 'plain node handler',
    method: req.method,
    url: req.url,
    mountPath: graft?.mountPath ?? null,
    identity: graft?.identity ?? null,
    locals: graft?.locals ?? null,
    remoteUserHeader: req.headers['x-remote-user'] ?? null,
  });
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}
