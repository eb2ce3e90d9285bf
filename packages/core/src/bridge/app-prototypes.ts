/**
 * The prototypes an app puts its `req` and `res` on, so that the bridge can build them there.
 *
 * Express (4 and 5) re-parents every `req` and `res` onto its app's own objects (`app.request`,
 * `app.response`) as it starts handling them. In V8, an object whose prototype changes after it
 * has own properties leaves its hidden-class transition tree: every property added to it from
 * then on (Express adds `req.next`, `req.params`, `req.route`, `res.locals`, …) builds a new
 * hidden class for that one object. Per request that is several kilobytes of garbage and
 * megamorphic property access in Express, Node's `http` and the bridge. Built on those prototypes
 * from the start ({@link constructOn}), `req` and `res` keep shared hidden classes: Express's
 * re-parenting finds the prototype already in place and changes nothing.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import type { NodeRequestListener } from './node-app.js';

/** An app's own request and response prototypes (Express's `app.request`, `app.response`). */
export interface AppPrototypes {
  readonly request: object;
  readonly response: object;
}

/** What Express (4 and 5) hangs on its app function. */
interface ExpressLike {
  request?: unknown;
  response?: unknown;
  handle?: unknown;
}

/**
 * The prototypes `listener` will re-parent `req` and `res` onto — Express's `app.request` and
 * `app.response` — or `undefined` for any other listener, or when they no longer lead to Node's
 * `IncomingMessage` and `ServerResponse` (a library re-parented Express's shared prototypes onto
 * classes of its own): the bridge relies on those classes' methods. Read on every call, without
 * a lookup table: a listener without `handle` (any but Express) costs one property read.
 */
export function appPrototypes(listener: NodeRequestListener): AppPrototypes | undefined {
  const app = listener as NodeRequestListener & ExpressLike;
  if (typeof app.handle !== 'function') return undefined;
  const { request, response } = app;
  if (!isObject(request) || !isObject(response)) return undefined;
  if (!inherits.call(IncomingMessage.prototype, request) || !inherits.call(ServerResponse.prototype, response)) return undefined;
  return app as AppPrototypes;
}

const inherits = Object.prototype.isPrototypeOf;

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

type NodeConstructor = (this: object, ...args: never[]) => void;

/**
 * `new Ctor(...args)`, but on `prototype`: the object is made with
 * `Object.create(prototype)` and initialised by calling `Ctor` on it, which Node's `http` classes
 * (plain constructor functions) allow. `Reflect.construct` with another `newTarget` would not do:
 * V8 gives each object it makes that way a hidden class of its own.
 */
export function constructOn<T>(Ctor: new (...args: never[]) => T, args: readonly unknown[], prototype: object): T {
  if (isClass(Ctor)) return Reflect.construct(Ctor, args) as T;
  const instance = Object.create(prototype) as T & object;
  (Ctor as unknown as NodeConstructor).apply(instance, args as never[]);
  return instance;
}

/** A `class` cannot be called without `new` (should Node ever turn these functions into classes). */
function isClass(Ctor: object): boolean {
  if (Ctor === IncomingMessage) return NODE_CLASSES.incoming;
  if (Ctor === ServerResponse) return NODE_CLASSES.response;
  return CLASS_SOURCE.test(Function.prototype.toString.call(Ctor));
}

const CLASS_SOURCE = /^class\b/;
const NODE_CLASSES = {
  incoming: CLASS_SOURCE.test(Function.prototype.toString.call(IncomingMessage)),
  response: CLASS_SOURCE.test(Function.prototype.toString.call(ServerResponse)),
};
