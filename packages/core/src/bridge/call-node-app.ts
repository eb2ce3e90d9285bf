/**
 * `callNodeApp`: run a Node (req, res) app for a Fetch `Request` and get a Fetch `Response` back.
 *
 * Read it as a table of contents. The app is resolved to a listener (`node-app.ts`); the options
 * are checked (`call-options.ts`) and the app's view of the request prepared (mount split,
 * identity); then an {@link Exchange} (`exchange.ts`) builds the app's `req` and `res`, runs the
 * app, and decides, state by state, what happens at every way a call can end — the app answers,
 * the client goes away, the app fails or abandons the connection, or the timeout passes.
 */
import { normalizeIdentity } from '../shared/identity.js';
import { splitMount, splitUrl } from '../shared/mount-path.js';
import { type CallNodeAppOptions, validateOptions } from './call-options.js';
import { Exchange } from './exchange.js';
import { type NodeApp, type NodeRequestListener, resolveNodeApp } from './node-app.js';
import type { GraftContext } from './request.js';

export type { CallNodeAppOptions } from './call-options.js';

/**
 * Runs a Node HTTP app for `request`, in-process, and resolves with its response as soon as the
 * app has sent the response head. The body streams from the app's writes with backpressure.
 *
 * The app gets a real `http.IncomingMessage` and `http.ServerResponse`, so Express 4/5, Koa,
 * Connect, Fastify and plain listeners run unchanged; see {@link NodeApp} for what `app` may be.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { callNodeApp } from '@graft/core';
 *
 * const app = express().get('/hello', (req, res) => res.send(`hi ${req.graft.identity?.id}`));
 *
 * export async function GET(request: Request) {
 *   return callNodeApp(app, request, { mountPath: '/tools', identity: 'alice' });
 * }
 * ```
 *
 * @returns The app's response: an ordinary, mutable `Response`. If the client aborts before the
 * head is sent, the promise rejects with `request.signal.reason`, as `fetch` does.
 * @throws {MountMismatchError} (as a rejection) when `pathInfo`/`mountPath` do not fit the path.
 * @throws {InvalidIdentityError} (as a rejection) for an identity that cannot be delivered.
 */
export function callNodeApp(app: NodeApp, request: Request, options: CallNodeAppOptions = {}): Promise<Response> {
  let listener: NodeRequestListener | Promise<NodeRequestListener>;
  try {
    listener = resolveNodeApp(app);
  } catch (error) {
    return Promise.reject(error);
  }
  if (typeof listener === 'function') return run(listener, request, options);
  return listener.then((ready) => run(ready, request, options));
}

/**
 * One call once the app's listener is ready: an aborted request and unusable options reject at
 * once; otherwise the app's context is prepared and an {@link Exchange} runs the call.
 */
function run(listener: NodeRequestListener, request: Request, options: CallNodeAppOptions): Promise<Response> {
  const signal = request.signal;
  if (signal.aborted) return Promise.reject(signal.reason);
  const url = splitUrl(request.url);
  let context: GraftContext;
  try {
    validateOptions(options);
    const split = splitMount(url.path, options);
    context = {
      identity: normalizeIdentity(options.identity),
      locals: options.locals ?? {},
      mountPath: split.mountPath,
      pathInfo: split.pathInfo,
      request,
    };
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise<Response>((resolve, reject) => {
    new Exchange(context, url, options, resolve, reject).start(listener);
  });
}
