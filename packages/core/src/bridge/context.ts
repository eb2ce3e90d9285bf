/**
 * Typed access to what the host passed along, for code inside the embedded app.
 */
import type { IncomingMessage } from 'node:http';
import type { GraftContext } from './request.js';

/**
 * Returns `req.graft` — identity, locals, mount path — or `undefined` when the app is being
 * served directly rather than through Graft. Use it instead of `req.graft` to get types without
 * augmenting `IncomingMessage` globally.
 *
 * @example
 * ```ts
 * app.get('/me', (req, res) => res.json(getGraftContext(req)?.identity ?? null));
 * ```
 */
export function getGraftContext(req: IncomingMessage): GraftContext | undefined {
  return (req as IncomingMessage & { graft?: GraftContext }).graft;
}
