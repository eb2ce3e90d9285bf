/**
 * The three apps every library is measured on, and a loader that gives each library its own
 * copy of Express.
 *
 * Why separate copies: light-my-request re-parents Express's shared `request`/`response`
 * prototypes onto its own classes on every `inject()` (lib/index.js, "dispatchFunc.request"),
 * and the glue fetch-to-node needs does the same onto its classes. Express's prototypes live in
 * `express/lib/request.js` and `express/lib/response.js`, shared by every app made from one
 * loaded copy, so with a single copy one library would break the others (graft then crashes in
 * light-my-request's `writeHead`). Loading Express afresh per library keeps them isolated.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { JSON_BODY, JSON_DOCUMENT } from './json-document.mjs';

const require = createRequire(import.meta.url);
const expressDir = path.dirname(require.resolve('express/package.json'));

/** Loads a fresh copy of Express's own modules; its dependencies (router, …) stay shared. */
function loadFreshExpress() {
  for (const file of Object.keys(require.cache)) {
    const inside = file.startsWith(expressDir + path.sep);
    const nested = file.slice(expressDir.length).includes(`${path.sep}node_modules${path.sep}`);
    if (inside && !nested) delete require.cache[file];
  }
  return require('express');
}

export { JSON_BODY, JSON_DOCUMENT };

/**
 * One app under test: `make()` builds it (with a fresh Express for each library), `url` is what
 * is requested, `expected` the body every library must return before it is timed.
 */
export const APPS = [
  {
    name: 'Express 5 GET /hello',
    url: '/hello',
    expected: 'Hello World',
    make() {
      const express = loadFreshExpress();
      const app = express();
      app.get('/hello', (_req, res) => {
        res.send('Hello World');
      });
      return { app, express };
    },
  },
  {
    name: `Express 5 GET /json (${JSON_BODY.length} B)`,
    url: '/json',
    expected: JSON_BODY,
    make() {
      const express = loadFreshExpress();
      const app = express();
      app.get('/json', (_req, res) => {
        res.json(JSON_DOCUMENT);
      });
      return { app, express };
    },
  },
  {
    name: 'bare (req, res) handler',
    url: '/hello',
    expected: 'Hello World',
    make() {
      const app = (_req, res) => {
        res.setHeader('content-type', 'text/plain');
        res.end('Hello World');
      };
      return { app, express: undefined };
    },
  },
];
