/**
 * json-server 0.17 (Express 4, from npm) at /tools/db, for signed-in users only.
 */
import { mount } from '@graft/remix';
import { jsonDbApp } from '../embedded/json-db.server';
import { currentUser } from '../sessions.server';
import { SITE_BASENAME } from '../site-path';

const db = mount(jsonDbApp, {
  // The cookie session's user, or the front server's when one mounts the site.
  identity: (request, { context }) => currentUser(request, context),
  requireIdentity: true,
  basename: SITE_BASENAME,
  // The host refuses writes that a browser sent from another origin (another port of this host
  // included, which SameSite=Lax cookies do not stop): 403 before json-server runs.
  crossOriginProtection: true,
});

export const loader = db.loader;
export const action = db.action;
// In the browser: the site's own links, forms and redirects into the mount load the app's pages
// as documents (the client router cannot show a resource route), with no `reloadDocument`.
export { clientAction, clientLoader } from '@graft/remix/client';
