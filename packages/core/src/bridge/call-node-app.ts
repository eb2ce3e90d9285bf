/**
 * `callNodeApp`: run an app — a Node `(req, res)` app, or a fetch app — for a Fetch `Request` and
 * get a Fetch `Response` back.
 *
 * Read it as a table of contents. The app is resolved once to what runs it (`node-app.ts`); the
 * options are checked and the app's view of the request prepared (`call-options.ts`: mount split,
 * identity); then a Node app runs in an {@link Exchange} (`exchange.ts`), which builds the app's
 * `req` and `res` and decides, state by state, what happens at every way a call can end — the app
 * answers, the client goes away, the app fails or abandons the connection, or the timeout passes —
 * and a fetch app runs in `call-fetch-app.ts`, under the same rules, with no Node objects.
 */
import { splitUrl, type UrlParts } from '../shared/mount-path.js';
import { appPrototypes } from './app-prototypes.js';
import { callFetchApp } from './call-fetch-app.js';
import { type CallNodeAppOptions, callContext, validateOptions } from './call-options.js';
import { Exchange } from './exchange.js';
import { type NodeApp, type NodeRequestListener, type ResolvedApp, type ResolvedFetchApp, resolveApp } from './node-app.js';
import type { GraftContext } from './request.js';

export type { CallNodeAppOptions } from './call-options.js';

/**
 * Runs an app for `request`, in-process, and resolves with its response as soon as the app has
 * sent the response head. The body streams from the app's writes with backpressure.
 *
 * A Node app gets a real `http.IncomingMessage` and `http.ServerResponse`, so Express 4/5, Koa,
 * Connect, Fastify, tinyhttp, polka, h3 v1 (`toNodeListener(app)`) and plain listeners run
 * unchanged. A fetch app — Hono, h3 v2, or a `(request) => Response` handler given as
 * `{ fetch: handler }` — gets the `Request` itself (URL unchanged, prefix included; identity and
 * mount point from `getMountIdentity` / `getMountContext`), and its `Response` streams back as
 * it is. See {@link NodeApp} for every shape `app` may have and how they are told apart.
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
 * @throws {TypeError} (as a rejection) for an `app` of no accepted shape, naming them all.
 */
export function callNodeApp(app: NodeApp, request: Request, options: CallNodeAppOptions = {}): Promise<Response> {
  let resolution: ResolvedApp;
  try {
    resolution = resolveApp(app);
  } catch (error) {
    return Promise.reject(error);
  }
  if (resolution instanceof Promise) return resolution.then((ready) => run(ready, request, options));
  return run(resolution, request, options);
}

/**
 * One call once the app is ready: an aborted request and unusable options reject at once;
 * otherwise the app's context is prepared, and an {@link Exchange} runs a Node app, `callFetchApp`
 * a fetch app.
 */
function run(target: NodeRequestListener | ResolvedFetchApp, request: Request, options: CallNodeAppOptions): Promise<Response> {
  const signal = request.signal;
  if (signal.aborted) return Promise.reject(signal.reason);
  let url: UrlParts;
  let context: GraftContext;
  try {
    validateOptions(options);
    url = splitUrl(options.url ?? request.url);
    context = callContext(request, url, options);
  } catch (error) {
    return Promise.reject(error);
  }
  if (typeof target !== 'function') return callFetchApp(target.fetch, context, options);
  return new Promise<Response>((resolve, reject) => {
    new Exchange(context, url, options, appPrototypes(target), resolve, reject).start(target);
  });
}
