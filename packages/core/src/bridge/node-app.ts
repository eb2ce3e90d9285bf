/**
 * Which app shapes Graft runs, how each is recognised, and what it is resolved to: a Node request
 * listener (for the Node path of `callNodeApp`) or a fetch handler (for its fetch path).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientAddress, FetchHandler } from './fetch-handler.js';

/**
 * A Node request listener: Express and Connect apps, `http.createServer` callbacks, the function
 * Koa's `app.callback()` returns, h3 v1's `toNodeListener(app)`. Its return value is awaited only
 * to catch rejections.
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

/** An app object whose `handler(req, res)` serves a request: tinyhttp's `App`, polka. */
export interface HandlerApp {
  handler(req: IncomingMessage, res: ServerResponse): unknown;
}

/**
 * A fetch-style app: an object whose `fetch(request)` answers with a `Response` — a Hono app or
 * an h3 v2 app as it is, or any `(request) => Response` function given as `{ fetch: handler }`.
 * `fetch` is called as {@link FetchHandler} is: with the client's address as a second argument
 * only if it declares two parameters.
 */
export interface FetchApp {
  fetch(request: Request, client: ClientAddress): Response | Promise<Response>;
}

/**
 * Every app shape `callNodeApp` (and so `mount()` of `@graft/next` and `@graft/remix`) accepts.
 * They are told apart in this order, so each app is recognised as exactly one:
 *
 * | shape | recognised by | run as |
 * | --- | --- | --- |
 * | `(req, res)` listener: Express, Connect, `http.createServer`'s callback, Koa's `callback()`, h3 v1's `toNodeListener(app)` | a function | `app(req, res)` |
 * | fetch app: Hono, h3 v2, `{ fetch: (request) => Response }` | an object with a `fetch` method | `app.fetch(request)`, no Node objects |
 * | Fastify instance | `routing` and `ready()` | `app.routing(req, res)` after one `ready()` |
 * | Koa app | `callback()` | the listener of one `app.callback()` |
 * | tinyhttp `App`, polka | `handler` | `app.handler(req, res)` |
 * | `http.Server` | `emit` and `listenerCount` | `app.emit('request', req, res)` |
 *
 * A function is always a Node listener, whatever its declared arity: `(req) => …` is as valid a
 * listener as `(req, res) => …`, and a default or rest parameter hides arity anyway. A fetch
 * handler is therefore never passed as a bare function but as `{ fetch: handler }` — the same rule
 * as `createMountServer`'s fetch mounts. (A listener that returns a `Response` fails with a
 * `TypeError` saying so, instead of leaving the call to time out.)
 *
 * An h3 v1 app (`createApp()`) is refused: its `handler` is an h3 event handler, not
 * `(req, res)`; pass `toNodeListener(app)` from h3. The same goes for an h3 event handler itself.
 */
export type NodeApp = NodeRequestListener | FetchApp | RoutingApp | CallbackApp | HandlerApp | RequestEmitter;

/** A fetch app, resolved: its `fetch`, bound to the app (so `this` and the declared arity are kept). */
export interface ResolvedFetchApp {
  readonly fetch: FetchHandler;
}

/**
 * What an app resolves to: a Node listener, the promise of one (Fastify's one-time `ready()`), or
 * a fetch app's handler. Tell them apart with `typeof resolved === 'function'` and
 * `resolved instanceof Promise`; what is left is a {@link ResolvedFetchApp}.
 */
export type ResolvedApp = NodeRequestListener | Promise<NodeRequestListener> | ResolvedFetchApp;

/** The shapes of {@link NodeApp}, by the name the table there gives them. */
type AppShape = 'listener' | 'fetch' | 'fastify' | 'koa' | 'handler' | 'server';

/** The message of the `TypeError` for anything that is no app: every accepted shape, named. */
export const ACCEPTED_APP_SHAPES =
  'a (req, res) listener (Express, Connect, an http.createServer callback, h3 v1 toNodeListener(app)), ' +
  'a fetch app ({ fetch(request) }: Hono, h3 v2, or { fetch: handler } for a bare (request) => Response), ' +
  'a Fastify instance, a Koa app, an app with handler(req, res) (tinyhttp, polka) or an http.Server';

/**
 * Which shape `app` has (see the table of {@link NodeApp}), without touching it: nothing is called,
 * so a Koa app keeps taking middleware and a Fastify instance keeps taking routes. Used to refuse
 * a wrong app when it is mounted rather than at its first request.
 *
 * @throws {TypeError} for an h3 v1 app or event handler (pass h3's `toNodeListener(app)`), and
 * for anything that is no app, naming every accepted shape.
 */
export function checkApp(app: unknown): void {
  appShapeOf(app);
}

function appShapeOf(app: unknown): AppShape {
  if (typeof app === 'function') {
    if (isH3EventHandler(app)) throw h3v1Error('an h3 event handler');
    return 'listener';
  }
  if (typeof app === 'object' && app !== null) {
    const shape = app as Partial<Record<'fetch' | 'routing' | 'ready' | 'callback' | 'handler' | 'emit' | 'listenerCount', unknown>>;
    if (typeof shape.fetch === 'function') return 'fetch';
    if (typeof shape.routing === 'function' && typeof shape.ready === 'function') return 'fastify';
    if (typeof shape.callback === 'function') return 'koa';
    if (typeof shape.handler === 'function') {
      if (isH3EventHandler(shape.handler)) throw h3v1Error('an h3 v1 app');
      return 'handler';
    }
    if (typeof shape.emit === 'function' && typeof shape.listenerCount === 'function') return 'server';
  }
  throw new TypeError(`Graft cannot run this app (${describe(app)}): expected ${ACCEPTED_APP_SHAPES}`);
}

/** h3 v1 marks its event handlers (`defineEventHandler`, `createApp().handler`) with `__is_handler__`. */
function isH3EventHandler(fn: unknown): boolean {
  return (fn as { __is_handler__?: unknown }).__is_handler__ === true;
}

function h3v1Error(what: string): TypeError {
  return new TypeError(
    `Graft cannot run ${what} directly: it takes an h3 event, not (req, res). ` +
      "Pass h3's toNodeListener(app) (h3 v1), or upgrade to h3 v2, whose app is a fetch app.",
  );
}

function describe(app: unknown): string {
  if (app === null) return 'null';
  if (typeof app !== 'object') return typeof app;
  const name = (app as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? `a ${name}` : 'an object';
}

const resolved = new WeakMap<object, ResolvedApp>();

/**
 * Resolves `app` to what runs it — synchronously when no setup is needed, as a promise for
 * Fastify's one-time `ready()` — once per app: results are cached, so the per-request cost is one
 * WeakMap lookup (none for a function). A `{ fetch }` object made afresh for every call works,
 * but is resolved every time; make it once.
 *
 * A function is always called as an application with `(req, res)` and never given a `next`:
 * Express and Connect then finish unhandled requests with their own 404 and errors with their
 * own 500, as they do behind `http.createServer`; tinyhttp and polka get no `next` either.
 *
 * @throws {TypeError} as {@link checkApp}.
 */
export function resolveApp(app: NodeApp): ResolvedApp {
  if (typeof app === 'function') {
    if (isH3EventHandler(app)) appShapeOf(app);
    return app;
  }
  const cached = resolved.get(app);
  if (cached) return cached;
  let resolution: ResolvedApp;
  switch (appShapeOf(app)) {
    case 'fetch': {
      const fetchApp = app as FetchApp;
      resolution = { fetch: fetchApp.fetch.bind(fetchApp) };
      break;
    }
    case 'fastify': {
      const fastify = app as RoutingApp;
      const ready = Promise.resolve(fastify.ready()).then(() => {
        const routing: NodeRequestListener = (req, res) => fastify.routing(req, res);
        resolved.set(app, routing);
        return routing;
      });
      // A failed ready() is reported on each call, not cached forever.
      ready.catch(() => resolved.delete(app));
      resolution = ready;
      break;
    }
    case 'koa':
      resolution = (app as CallbackApp).callback();
      break;
    case 'handler': {
      const handlerApp = app as HandlerApp;
      resolution = (req, res) => handlerApp.handler(req, res);
      break;
    }
    default: {
      const server = app as RequestEmitter;
      resolution = (req, res) => server.emit('request', req, res);
    }
  }
  resolved.set(app, resolution);
  return resolution;
}

/**
 * The Node listener of `app`, for callers that can only run Node apps (the Node mounts of
 * `createMountServer`): {@link resolveApp} for every shape but a fetch app.
 *
 * @throws {TypeError} for a fetch app, and as {@link checkApp}.
 */
export function resolveNodeApp(app: NodeApp): NodeRequestListener | Promise<NodeRequestListener> {
  const resolution = resolveApp(app);
  if (typeof resolution === 'function' || resolution instanceof Promise) return resolution;
  throw new TypeError('a fetch app ({ fetch }) is served as a fetch handler, not as a Node request listener');
}
