/**
 * The notes app (Express 5) at /tools/notes, for signed-in users only: anonymous visitors are
 * redirected to /login and come back here afterwards.
 */
import { mount } from '@graft/remix';
import { notesApp } from '../embedded/notes.server';
import { currentUser } from '../sessions.server';
import { SITE_BASENAME, sitePath } from '../site-path';

const notes = mount(notesApp, {
  // The cookie session's user, or the front server's when one mounts the site.
  identity: (request, { context }) => currentUser(request, context),
  requireIdentity: true,
  signInPath: '/login',
  // Remix v2 does not tell a route the basename; without it the app's redirects would get it twice.
  basename: SITE_BASENAME,
  // Apps that trust a header get the user id in it; forged copies from clients are removed.
  identityHeader: 'x-remote-user',
  // The notes app's own "Sign in" / "Sign out" links go to the host's pages.
  locals: { signInUrl: sitePath('/login'), signOutUrl: sitePath('/logout') },
  // The host refuses writes that a browser sent from another origin (another port of this host
  // included, which SameSite=Lax cookies do not stop): 403 before the app runs.
  crossOriginProtection: true,
});

// Two plain exports (not a destructuring): Remix strips `loader`/`action` from the browser
// bundle by name, together with the server-only imports above.
export const loader = notes.loader;
export const action = notes.action;
// In the browser: the site's own links, forms and redirects into the mount load the app's pages
// as documents (the client router cannot show a resource route), with no `reloadDocument`.
export { clientAction, clientLoader } from '@graft/remix/client';
