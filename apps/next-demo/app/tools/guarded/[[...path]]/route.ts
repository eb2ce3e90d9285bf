/**
 * A next-connect router in front of an embedded app: a request logger and an auth guard run
 * first, then the Graft handler. Anonymous callers get a JSON 401 from the guard.
 */
import { createRouteHandler } from '@graft/next';
import { identityFromSession } from '@graft/next/next-auth';
import type { NextRequest } from 'next/server';
import { getServerSession } from 'next-auth';
import { createEdgeRouter } from 'next-connect';
import { authOptions } from '@/auth';
import { whoamiApp } from '@/embedded/whoami-app';

type RouteContext = { params: Promise<{ path?: string[] }> };

const embedded = createRouteHandler(whoamiApp, {
  prefix: '/tools/guarded',
  identity: async () => identityFromSession(await getServerSession(authOptions)),
  identityHeader: 'x-remote-user',
  locals: (request) => ({ guardedBy: 'next-connect', method: request.method }),
  // Writes from other origins get a 403 from the host (see the notes route).
  crossOriginProtection: true,
});

const router = createEdgeRouter<NextRequest, RouteContext>()
  .use(async (request, _ctx, next) => {
    const started = performance.now();
    const response = (await next()) as Response | undefined;
    console.log(
      `[guarded] ${request.method} ${request.nextUrl.pathname} -> ${response?.status ?? '-'} in ${(performance.now() - started).toFixed(1)} ms`,
    );
    return response;
  })
  .use(async (_request, _ctx, next) => {
    if (!(await getServerSession(authOptions))) {
      return Response.json({ error: 'sign in first', signIn: '/api/auth/signin' }, { status: 401 });
    }
    return next();
  })
  .all(embedded);

function handle(request: NextRequest, ctx: RouteContext): Promise<Response> {
  return router.run(request, ctx) as Promise<Response>;
}

export { handle as GET, handle as HEAD, handle as POST, handle as PUT, handle as PATCH, handle as DELETE, handle as OPTIONS };
