/**
 * The notes app (Express 5) at /tools/notes, for signed-in users only: anonymous visitors are
 * redirected to /login and come back here afterwards.
 */
import { mount, sessionIdentity } from '@graft/remix';
import { notesApp } from '../embedded/notes.server';
import { sessionStorage } from '../sessions.server';

const notes = mount(notesApp, {
  identity: sessionIdentity(sessionStorage, { key: 'user' }),
  requireIdentity: true,
  signInPath: '/login',
  // Apps that trust a header get the user id in it; forged copies from clients are removed.
  identityHeader: 'x-remote-user',
  // The notes app's own "Sign in" / "Sign out" links go to the host's pages.
  locals: { signInUrl: '/login', signOutUrl: '/logout' },
});

// Two plain exports (not a destructuring): Remix strips `loader`/`action` from the browser
// bundle by name, together with the server-only imports above.
export const loader = notes.loader;
export const action = notes.action;
