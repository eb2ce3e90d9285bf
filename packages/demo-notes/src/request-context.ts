/**
 * What the notes app takes from its host for each request: the signed-in user (from
 * `req.graft.identity`, set by Graft) and the host's sign-in/sign-out pages (from `locals`).
 */
import { getGraftContext, type Identity } from '@graft/core';
import type { Request } from 'express';
import type { PageContext } from './html.js';

/** The header a host may use to pass the user id; shown on every page. */
export const IDENTITY_HEADER = 'x-remote-user';

/** The signed-in user, or `null` (also when the app runs outside Graft). */
export function identityOf(req: Request): Identity | null {
  return getGraftContext(req)?.identity ?? null;
}

/** A URL the host passed in `locals` (e.g. `signOutUrl`), if it is a string. */
export function hostUrl(req: Request, name: 'signInUrl' | 'signOutUrl'): string | undefined {
  const value = getGraftContext(req)?.locals[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The layout's view of the request. */
export function pageContext(req: Request): PageContext {
  const header = req.headers[IDENTITY_HEADER];
  return {
    base: req.baseUrl,
    identity: identityOf(req),
    identityHeader: Array.isArray(header) ? header.join(', ') : header,
  };
}
