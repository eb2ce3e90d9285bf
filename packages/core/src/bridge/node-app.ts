/**
 * What counts as a "Node app", and how each kind is turned into a plain request listener.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A Node request listener: Express and Connect apps, `http.createServer` callbacks, the function
 * Koa's `app.callback()` returns. Its return value is awaited only to catch rejections.
 */
export type NodeRequestListener = (req: IncomingMessage, res: ServerResponse) => unknown;

/** A Koa application (anything with `callback()` returning a listener). */
export interface CallbackApp {
  callback(): NodeRequestListener;
}

/** A Fastify instance: it must be `ready()` before `routing` can serve requests. */
export interface RoutingApp {
  routing: NodeRequestListener;
  ready(): PromiseLike<unknown>;
}

/** An `http.Server` (or anything that emits `'request'`), served through its listeners. */
export interface RequestEmitter {
  emit(event: 'request', req: IncomingMessage, res: ServerResponse): boolean;
  listenerCount(event: 'request'): number;
}

/** Every app shape `callNodeApp` accepts. */
export type NodeApp = NodeRequestListener | CallbackApp | RoutingApp | RequestEmitter;

const resolved = new WeakMap<object, NodeRequestListener | Promise<NodeRequestListener>>();

/**
 * Returns the request listener for `app`, synchronously when no setup is needed (functions, Koa,
 * servers) and as a promise for Fastify's one-time `ready()`. Results are cached per app, so the
 * per-request cost is one WeakMap lookup.
 *
 * A function is always called as an application with `(req, res)` and never given a `next`:
 * Express and Connect then finish unhandled requests with their own 404 and errors with their
 * own 500, as they do behind `http.createServer`.
 */
export function resolveNodeApp(app: NodeApp): NodeRequestListener | Promise<NodeRequestListener> {
  if (typeof app === 'function') return app;
  const cached = resolved.get(app);
  if (cached) return cached;
  let listener: NodeRequestListener | Promise<NodeRequestListener>;
  if (typeof (app as RoutingApp).routing === 'function' && typeof (app as RoutingApp).ready === 'function') {
    const fastify = app as RoutingApp;
    listener = Promise.resolve(fastify.ready()).then(() => {
      const routing: NodeRequestListener = (req, res) => fastify.routing(req, res);
      resolved.set(app, routing);
      return routing;
    });
    // A failed ready() is reported on each call, not cached forever.
    listener.catch(() => resolved.delete(app));
  } else if (typeof (app as CallbackApp).callback === 'function') {
    listener = (app as CallbackApp).callback();
  } else if (typeof (app as RequestEmitter).emit === 'function') {
    const server = app as RequestEmitter;
    listener = (req, res) => server.emit('request', req, res);
  } else {
    throw new TypeError('callNodeApp: app must be a (req, res) function, a Koa app, a Fastify instance or an http.Server');
  }
  resolved.set(app, listener);
  return listener;
}
