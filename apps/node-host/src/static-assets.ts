/**
 * The Remix demo's browser assets (Vite output, under `/remix/assets` since it is built with
 * base `/remix/`). `createRequestHandler` serves pages and data only, as behind remix-serve.
 */
import express, { type Express } from 'express';

/**
 * An app serving the files of `dir`. Vite names each file after its content, so a file never
 * changes under its name: browsers may keep it for a year. Unknown files get Express's 404.
 */
export function staticAssets(dir: string): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.static(dir, { immutable: true, maxAge: '1y', index: false, redirect: false }));
  return app;
}
