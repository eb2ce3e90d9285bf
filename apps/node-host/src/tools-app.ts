/**
 * What the front door mounts at `/tools`: the notes app, called directly (no Next route in
 * between), behind one sign-in gate and one cross-origin (CSRF) check for everything under
 * `/tools`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { crossOriginProtection, getGraftContext } from '@graft/core';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { signInPath } from './next-auth-pages.js';

/** Options of {@link createToolsApp}. */
export interface ToolsAppOptions {
  /** The notes app (`createNotesApp()`, an Express app), served at `/tools/notes`. */
  notes: Express;
  /**
   * Answers the paths under `/tools` that no tool here serves, given the full path: the Next
   * site, whose own routes under `/tools` (Swagger UI, Koa, CGI, …) keep working behind the gate.
   * Without it those paths get a 404.
   */
  site?: (req: IncomingMessage, res: ServerResponse) => unknown;
  /**
   * Other origins whose browser pages may post to the tools as the signed-in user (e.g. a partner
   * site the notes API allows by CORS). Default none: writes from another origin, even another
   * port of this host, get a `403`.
   */
  trustedOrigins?: readonly string[];
}

/** A CORS preflight: browsers send it without cookies, so only the app can answer it. */
function isCorsPreflight(req: Request): boolean {
  return req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
}

/**
 * Anonymous visitors go to NextAuth's sign-in page and come back to the page they asked for:
 * `307` for GET and HEAD, `303` for other methods (so a form post is not re-sent to the sign-in
 * page). CORS preflights pass: the notes app answers them before its own sign-in check.
 */
function requireSignIn(req: Request, res: Response, next: NextFunction): void {
  if (getGraftContext(req)?.identity || isCorsPreflight(req)) {
    next();
    return;
  }
  const status = req.method === 'GET' || req.method === 'HEAD' ? 307 : 303;
  res.set('cache-control', 'no-store');
  res.redirect(status, signInPath(req.originalUrl));
}

/**
 * Creates the `/tools` app: state-changing requests from other origins are refused (see core's
 * `crossOriginProtection`), anonymous visitors sent to sign in. Mounted by `createMountServer` it gets `req.baseUrl` `/tools` and
 * `req.graft.identity` from the front door; the notes app below it then sees `req.baseUrl`
 * `/tools/notes`, and builds its links from that.
 */
export function createToolsApp(options: ToolsAppOptions): Express {
  const tools = express();
  tools.disable('x-powered-by');
  // The host, not each tool, refuses writes that a browser sent from another origin.
  tools.use(crossOriginProtection({ trustedOrigins: options.trustedOrigins ?? [] }));
  tools.use(requireSignIn);
  tools.use('/notes', options.notes);
  // Express's strict routing is off: this takes both /tools and /tools/.
  tools.get('/', (req, res) => res.redirect(302, `${req.baseUrl}/notes/`));
  const site = options.site;
  if (site) {
    tools.use((req, res) => {
      // The site routes on the whole path: hand it back the path the front door took apart.
      req.url = req.originalUrl;
      return site(req, res);
    });
  }
  return tools;
}
