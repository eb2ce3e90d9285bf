/**
 * The notes app (Express 5) at /tools/notes, for signed-in users only: anonymous visitors are
 * redirected to NextAuth's sign-in page and come back here afterwards.
 */
import { mount } from '@graft/next';
import { nextAuthIdentity } from '@graft/next/next-auth';
import { authOptions } from '@/auth';
import { NOTES_CORS_ORIGINS, notesApp } from '@/embedded/notes';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = mount(notesApp, {
  prefix: '/tools/notes',
  identity: nextAuthIdentity(authOptions),
  requireIdentity: true,
  // Apps that trust a header get the user id in it; forged copies from clients are removed.
  identityHeader: 'x-remote-user',
  // The notes app's own "Sign out" link goes to the host's sign-out page.
  locals: { signInUrl: '/api/auth/signin', signOutUrl: '/api/auth/signout?callbackUrl=%2F' },
  // The host refuses writes that a browser sent from another origin (another port of this host
  // included, which SameSite=Lax cookies do not stop): 403 before the app runs. The partner the
  // notes API allows by CORS may still post.
  crossOriginProtection: { trustedOrigins: NOTES_CORS_ORIGINS },
});
