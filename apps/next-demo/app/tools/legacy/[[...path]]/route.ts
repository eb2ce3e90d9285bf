/**
 * A hand-written route that calls Graft's core directly instead of using mount(): it sends the
 * legacy app's own /login and /logout to the host's NextAuth pages, passes per-request locals,
 * and edits the app's response (adds a header).
 */
import { callNodeApp, clientGoneResponse, crossOriginRefusal, isClientGone } from '@graft/core';
import { identityFromSession } from '@graft/next/next-auth';
import type { NextRequest } from 'next/server';
import { getServerSession } from 'next-auth';
import { authOptions } from '@/auth';
import { createLegacyApp } from '@/embedded/legacy-app';

const MOUNT = '/tools/legacy';
const legacyApp = createLegacyApp();

async function handle(request: NextRequest): Promise<Response> {
  const path = request.nextUrl.pathname;
  if (path === `${MOUNT}/login`) {
    return redirect(`/api/auth/signin?callbackUrl=${encodeURIComponent(MOUNT)}`);
  }
  if (path === `${MOUNT}/logout`) {
    return redirect(`/api/auth/signout?callbackUrl=${encodeURIComponent('/')}`);
  }
  // The host, not the app, refuses writes a browser sent from another origin (CSRF).
  const refused = crossOriginRefusal(request);
  if (refused) return refused;
  const session = await getServerSession(authOptions);
  try {
    const response = await callNodeApp(legacyApp, request, {
      mountPath: MOUNT,
      identity: identityFromSession(session),
      locals: { requestId: crypto.randomUUID(), host: 'next-demo' },
    });
    // The response is an ordinary, mutable Response: the host may edit it.
    response.headers.set('x-graft-route', 'hand-written');
    return response;
  } catch (error) {
    if (isClientGone(request, error)) return clientGoneResponse();
    throw error;
  }
}

function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store' } });
}

export { handle as GET, handle as HEAD, handle as POST, handle as PUT, handle as PATCH, handle as DELETE, handle as OPTIONS };
