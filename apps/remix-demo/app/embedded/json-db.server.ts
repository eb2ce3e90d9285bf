/**
 * json-server 0.17 (an Express 4 app from npm): a REST API over an in-memory database, with its
 * own home page. Mounted at /tools/db. One change to it: its router's error handler, which
 * answers any error (malformed JSON included) with a 500 carrying the stack trace, is replaced
 * by ours: 4xx for bad input, a bare 500 otherwise, never a stack or a server path.
 */
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

type Listener = ((req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void) & {
  use(...handlers: unknown[]): unknown;
};
/** An Express 4 router: its `stack` holds one layer per `use`, error handlers taking four arguments. */
interface Router {
  stack: Array<{ handle: (...args: never[]) => unknown }>;
}
interface JsonServer {
  create(): Listener;
  router(db: object): Router;
  defaults(options: { logger?: boolean; noCors?: boolean; static?: string }): unknown[];
}

const require = createRequire(import.meta.url);
const jsonServer = require('json-server') as JsonServer;

function createJsonDb(): Listener {
  const app = jsonServer.create();
  // The home page links relatively (style.css, db): serve it at /tools/db/, not /tools/db.
  app.use((req: IncomingMessage & { baseUrl?: string; originalUrl?: string }, res: ServerResponse, next: () => void) => {
    const path = (req.originalUrl ?? '').split('?')[0]!;
    if ((req.method === 'GET' || req.method === 'HEAD') && req.url === '/' && !path.endsWith('/')) {
      res.statusCode = 308;
      res.setHeader('location', `${path}/`);
      res.end();
      return;
    }
    next();
  });
  app.use(
    ...jsonServer.defaults({
      logger: false,
      // Its own home page (not the host's public/ folder, which it would pick from the cwd).
      static: join(dirname(require.resolve('json-server/package.json')), 'public'),
      // Its default CORS reflects any origin WITH credentials: under a signed-in host that
      // would let any site read the data. Same-origin only.
      noCors: true,
    }),
  );
  const router = jsonServer.router({
    books: [
      { id: 1, title: 'Structure and Interpretation of Computer Programs', year: 1985 },
      { id: 2, title: 'The Mythical Man-Month', year: 1975 },
    ],
    loans: [],
  });
  // Its last layer is `(err, req, res, next) => res.status(500).send(err.stack)`. Without it,
  // errors leave the router and reach the handler below.
  const layers = router.stack.length;
  router.stack = router.stack.filter((layer) => layer.handle.length !== 4);
  if (router.stack.length !== layers - 1) {
    throw new Error('json-server changed: expected exactly one error handler in its router');
  }
  app.use(router);
  app.use(errorResponder);
  return app;
}

/** An error's status if it is the client's fault: body-parser's 400 (malformed JSON), 413, 415. */
function clientErrorStatus(error: unknown): number | undefined {
  const { status: given, statusCode } = (error ?? {}) as { status?: unknown; statusCode?: unknown };
  const status = given ?? statusCode;
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status < 500 ? status : undefined;
}

/**
 * json-server's errors as JSON: `400 {"error": "..."}` for malformed JSON
 * (`type: 'entity.parse.failed'`) and other bad bodies, with body-parser's message; a bare 500
 * for anything else, logged here. No stack trace or server path in any answer.
 */
function errorResponder(error: unknown, _req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
  if (res.headersSent) {
    next(error);
    return;
  }
  const status = clientErrorStatus(error);
  if (status === undefined) console.error('[json-server] request failed:', error);
  const { expose, message } = (error ?? {}) as { expose?: unknown; message?: unknown };
  const text =
    status !== undefined && expose === true && typeof message === 'string' && message !== ''
      ? message
      : (STATUS_CODES[status ?? 500] ?? 'Error');
  const body = JSON.stringify({ error: text });
  res.writeHead(status ?? 500, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

const globalForDb = globalThis as typeof globalThis & { graftRemixDemoDb?: Listener };

export const jsonDbApp: Listener = (globalForDb.graftRemixDemoDb ??= createJsonDb());
