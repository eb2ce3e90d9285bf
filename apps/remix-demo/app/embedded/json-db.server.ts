/**
 * json-server 0.17 (an Express 4 app from npm, unchanged): a REST API over an in-memory
 * database, with its own home page. Mounted at /tools/db.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

type Listener = ((req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void) & {
  use(...handlers: unknown[]): unknown;
};
interface JsonServer {
  create(): Listener;
  router(db: object): unknown;
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
  app.use(
    jsonServer.router({
      books: [
        { id: 1, title: 'Structure and Interpretation of Computer Programs', year: 1985 },
        { id: 2, title: 'The Mythical Man-Month', year: 1975 },
      ],
      loans: [],
    }),
  );
  return app;
}

const globalForDb = globalThis as typeof globalThis & { graftRemixDemoDb?: Listener };

export const jsonDbApp: Listener = (globalForDb.graftRemixDemoDb ??= createJsonDb());
