/**
 * What Express 5 needs to run on fetch-to-node, for one app only: the Next route (f)
 * (next-app/app/ftn/[...path]/route.ts) serves the same Express app as Graft's route (c), in the
 * same `next start` process.
 *
 * fetch-to-node's `req`/`res` are look-alikes of Node's classes (`FetchIncomingMessage`,
 * `FetchServerResponse`). Express re-parents every `req`/`res` onto its own prototypes, which
 * inherit from Node's real `http.IncomingMessage`/`ServerResponse`, so fetch-to-node's methods
 * and fields vanish from the chain (the route throws, `toFetchResponse` rejects the response).
 * The in-process benchmark (libraries.mjs) re-parents a fresh copy of Express's shared
 * `request`/`response` prototypes onto fetch-to-node's classes. In a Next route the Express
 * module is shared with Graft's route (it is a `serverExternalPackages` entry, loaded once by
 * Node), so re-parenting its shared prototypes would change Graft's route too. Instead this
 * gives the one app a copy of Express's prototypes of its own (the same properties, descriptors
 * and getters), parented onto fetch-to-node's classes: the chain an app of a fresh Express copy
 * glued like libraries.mjs would have, with Express's module and every other app untouched.
 */
import { FetchIncomingMessage, FetchServerResponse } from 'fetch-to-node';

/** A copy of `proto`'s own properties on a new object whose prototype is `parent`. */
const copyOnto = (proto, parent) => Object.create(parent, Object.getOwnPropertyDescriptors(proto));

/**
 * Re-parents `app.request` / `app.response` (the per-app objects Express puts in front of its
 * shared prototypes) onto copies of those prototypes that inherit from fetch-to-node's classes.
 * Returns `app`.
 */
export function glueExpressAppToFetchToNode(app) {
  Object.setPrototypeOf(app.request, copyOnto(Object.getPrototypeOf(app.request), FetchIncomingMessage.prototype));
  Object.setPrototypeOf(app.response, copyOnto(Object.getPrototypeOf(app.response), FetchServerResponse.prototype));
  return app;
}
