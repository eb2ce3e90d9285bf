import { basicAuth, getGraftContext, InvalidIdentityError, MountMismatchError } from '@graft/core';
import express from 'express';
import Koa from 'koa';
import { NextRequest } from 'next/server.js';
import { createEdgeRouter } from 'next-connect';
import { describe, expect, it } from 'vitest';
import { createRouteHandler, mount } from './mount.js';
import type { RouteHandlerContext } from './route-params.js';

/** What Next 16 passes as the second argument of a catch-all route handler. */
function routeContext(path?: string[]): { params: Promise<{ path?: string[] }> } {
  return { params: Promise.resolve(path === undefined ? {} : { path }) };
}

/** An Express app that reports what it saw. */
function echoApp() {
  const app = express();
  app.all('/{*rest}', (req, res) => {
    res.json({
      method: req.method,
      url: req.url,
      baseUrl: req.baseUrl,
      originalUrl: req.originalUrl,
      identity: getGraftContext(req)?.identity ?? null,
      locals: getGraftContext(req)?.locals ?? null,
      resLocals: { ...res.locals },
      remoteUser: req.headers['x-remote-user'] ?? null,
      ip: req.ip ?? null,
    });
  });
  return app;
}

describe('mount in a catch-all route', () => {
  it('gives the app the raw path under the prefix derived from the route params', async () => {
    const { GET } = mount(echoApp());
    const response = await GET(new NextRequest('http://localhost:3000/tools/notes/a%2Fb/c%20d/?q=%2F'), routeContext(['a/b', 'c d']));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      url: '/a%2Fb/c%20d/?q=%2F',
      baseUrl: '/tools/notes',
      originalUrl: '/tools/notes/a%2Fb/c%20d/?q=%2F',
    });
  });

  it('serves the bare prefix of an optional catch-all', async () => {
    const { GET } = mount(echoApp(), { prefix: '/tools/notes' });
    const body = await (await GET(new NextRequest('http://localhost/tools/notes'), routeContext())).json();
    expect(body).toMatchObject({ url: '/', baseUrl: '/tools/notes' });
  });

  it('rejects when the prefix option does not match the route', async () => {
    const { GET } = mount(echoApp(), { prefix: '/tools' });
    await expect(GET(new NextRequest('http://localhost/tools/notes/x'), routeContext(['x']))).rejects.toThrow(MountMismatchError);
  });

  it('puts the basePath back in front of the path, and still streams the request body', async () => {
    const app = express();
    app.post('/echo', express.text(), (req, res) => {
      res.json({ baseUrl: req.baseUrl, originalUrl: req.originalUrl, body: req.body });
    });
    const { POST } = mount(app, { basePath: '/docs' });
    const request = new NextRequest('http://localhost/tools/echo?x=1', {
      method: 'POST',
      body: 'hello body',
      headers: { 'content-type': 'text/plain' },
    });
    const body = await (await POST(request, routeContext(['echo']))).json();
    expect(body).toEqual({ baseUrl: '/docs/tools', originalUrl: '/docs/tools/echo?x=1', body: 'hello body' });
  });

  it('exports the same handler for all seven methods, and HEAD has no body', async () => {
    const route = mount(echoApp());
    expect(Object.keys(route).sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
    const head = await route.HEAD(new NextRequest('http://localhost/t/x', { method: 'HEAD' }), routeContext(['x']));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const del = await route.DELETE(new NextRequest('http://localhost/t/x', { method: 'DELETE' }), routeContext(['x']));
    expect((await del.json()).method).toBe('DELETE');
  });

  it('works when called by hand without a route context, given a prefix', async () => {
    const handler = createRouteHandler(echoApp(), { prefix: '/t' });
    expect((await (await handler(new Request('http://localhost/t/x'))).json()).url).toBe('/x');
  });
});

describe('identity', () => {
  it('passes what the resolver returns, sync or async, and the trusted header', async () => {
    const sync = mount(echoApp(), { identity: () => 'alice', identityHeader: 'x-remote-user' });
    const forged = new NextRequest('http://localhost/t/me', { headers: { 'x-remote-user': 'mallory' } });
    expect(await (await sync.GET(forged, routeContext(['me']))).json()).toMatchObject({
      identity: { id: 'alice' },
      remoteUser: 'alice',
    });

    const async = mount(echoApp(), { identity: async (request) => ({ id: 'bob', via: new URL(request.url).pathname }) });
    expect((await (await async.GET(new NextRequest('http://localhost/t/me'), routeContext(['me']))).json()).identity).toEqual({
      id: 'bob',
      via: '/t/me',
    });
  });

  it('removes a forged identity header for anonymous visitors too', async () => {
    const route = mount(echoApp(), { identity: () => null, identityHeader: 'x-remote-user' });
    const forged = new NextRequest('http://localhost/t/me', { headers: { 'X-Remote-User': 'mallory' } });
    expect(await (await route.GET(forged, routeContext(['me']))).json()).toMatchObject({
      identity: null,
      remoteUser: null,
    });
  });

  it('rejects an identity that could smuggle a header', async () => {
    const route = mount(echoApp(), { identity: () => 'eve\r\nx-admin: 1' });
    await expect(route.GET(new NextRequest('http://localhost/t/x'), routeContext(['x']))).rejects.toThrow(InvalidIdentityError);
  });
});

describe('protected mounts', () => {
  function countingApp() {
    const seen: string[] = [];
    const app = express();
    app.use((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.method === 'OPTIONS') {
        res.set('access-control-allow-origin', 'http://other.test').set('access-control-allow-methods', 'PUT').status(204).end();
      } else res.send('secret');
    });
    return { app, seen };
  }

  it('redirects anonymous visitors to the sign-in page without running the app', async () => {
    const { app, seen } = countingApp();
    const route = mount(app, { identity: () => null, requireIdentity: true });
    const response = await route.GET(new NextRequest('http://localhost/tools/notes/n/1?x=1'), routeContext(['n', '1']));
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('/api/auth/signin?callbackUrl=%2Ftools%2Fnotes%2Fn%2F1%3Fx%3D1');
    expect(seen).toEqual([]);
  });

  it('lets signed-in users through', async () => {
    const { app, seen } = countingApp();
    const route = mount(app, { identity: () => 'alice', requireIdentity: true });
    const response = await route.GET(new NextRequest('http://localhost/tools/notes/n'), routeContext(['n']));
    expect(await response.text()).toBe('secret');
    expect(seen).toEqual(['GET /n']);
  });

  it('lets CORS preflights reach the app, since browsers send them without cookies', async () => {
    const { app, seen } = countingApp();
    const route = mount(app, { identity: () => null, requireIdentity: true });
    const preflight = new NextRequest('http://localhost/tools/notes/api', {
      method: 'OPTIONS',
      headers: { origin: 'http://other.test', 'access-control-request-method': 'PUT' },
    });
    const response = await route.OPTIONS(preflight, routeContext(['api']));
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://other.test');
    expect(seen).toEqual(['OPTIONS /api']);
  });

  it('uses onAnonymous for the response, and it implies requireIdentity', async () => {
    const { app, seen } = countingApp();
    const route = mount(app, { onAnonymous: () => Response.json({ error: 'sign in first' }, { status: 401 }) });
    const response = await route.POST(new NextRequest('http://localhost/t/x', { method: 'POST', body: 'x' }), routeContext(['x']));
    expect(response.status).toBe(401);
    expect(seen).toEqual([]);
  });

  it('puts the basePath into the sign-in redirect', async () => {
    const { app } = countingApp();
    const route = mount(app, { basePath: '/docs', requireIdentity: true, signInPath: '/signin' });
    const response = await route.GET(new NextRequest('http://localhost/t/x'), routeContext(['x']));
    expect(response.headers.get('location')).toBe('/docs/signin?callbackUrl=%2Fdocs%2Ft%2Fx');
  });
});

describe('locals and client address', () => {
  it('computes locals per request', async () => {
    let n = 0;
    const route = mount(echoApp(), { locals: async () => ({ requestNumber: ++n }) });
    const first = await (await route.GET(new NextRequest('http://localhost/t/x'), routeContext(['x']))).json();
    const second = await (await route.GET(new NextRequest('http://localhost/t/x'), routeContext(['x']))).json();
    expect(first.locals).toEqual({ requestNumber: 1 });
    expect(first.resLocals).toEqual({ requestNumber: 1 });
    expect(second.locals).toEqual({ requestNumber: 2 });
  });

  it('takes the address from X-Forwarded-For only with trustProxy', async () => {
    const request = () => new NextRequest('http://localhost/t/x', { headers: { 'x-forwarded-for': '203.0.113.9, ::ffff:127.0.0.1' } });
    const trusting = mount(echoApp(), { trustProxy: true });
    expect((await (await trusting.GET(request(), routeContext(['x']))).json()).ip).toBe('203.0.113.9');
    const wary = mount(echoApp());
    expect((await (await wary.GET(request(), routeContext(['x']))).json()).ip).toBeNull();
    const fixed = mount(echoApp(), { remoteAddress: () => '198.51.100.1', trustProxy: true });
    expect((await (await fixed.GET(request(), routeContext(['x']))).json()).ip).toBe('198.51.100.1');
  });
});

describe('a client that leaves', () => {
  it('answers an empty response instead of throwing, and the app sees its connection close', async () => {
    let closed!: () => void;
    const appSawClose = new Promise<void>((resolve) => (closed = resolve));
    let started!: () => void;
    const appStarted = new Promise<void>((resolve) => (started = resolve));
    const app = express();
    app.get('/slow', (_req, res) => {
      // Never answers: only the client leaving ends this request.
      res.on('close', closed);
      started();
    });
    const controller = new AbortController();
    const { GET } = mount(app, { timeout: 0 });
    const pending = GET(new NextRequest('http://localhost/t/slow', { signal: controller.signal }), routeContext(['slow']));
    await appStarted;
    controller.abort();
    const response = await pending;
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    await appSawClose;
  });

  it('forwards onError: a returned Response replaces the 500, a thrown error rejects', async () => {
    const throwing = () => {
      throw new Error('app failed');
    };
    const replaced = mount(throwing, { onError: () => new Response('sorry', { status: 503 }) });
    const response = await replaced.GET(new NextRequest('http://localhost/t/boom'), routeContext(['boom']));
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('sorry');

    const rethrowing = mount(throwing, {
      onError: () => {
        throw new Error('rethrown by the host');
      },
    });
    await expect(rethrowing.GET(new NextRequest('http://localhost/t/boom'), routeContext(['boom']))).rejects.toThrow(
      'rethrown by the host',
    );
  });
});

describe('next-connect', () => {
  it('runs a Graft handler behind a guard and a logger in a createEdgeRouter', async () => {
    const log: string[] = [];
    type Ctx = RouteHandlerContext;
    const router = createEdgeRouter<NextRequest, Ctx>()
      .use(async (req, _ctx, next) => {
        const response = (await next()) as Response;
        log.push(`${req.method} ${req.nextUrl.pathname} ${response.status}`);
        return response;
      })
      .use((req, _ctx, next) => {
        if (req.headers.get('authorization') !== 'Bearer demo') {
          return Response.json({ error: 'unauthorized' }, { status: 401 });
        }
        return next();
      })
      .all(createRouteHandler(echoApp(), { identity: () => 'api-client' }));

    const denied = (await router.run(new NextRequest('http://localhost/tools/guarded/x'), routeContext(['x']))) as Response;
    expect(denied.status).toBe(401);

    const allowed = (await router.run(
      new NextRequest('http://localhost/tools/guarded/x', { headers: { authorization: 'Bearer demo' } }),
      routeContext(['x']),
    )) as Response;
    expect(await allowed.json()).toMatchObject({ baseUrl: '/tools/guarded', url: '/x', identity: { id: 'api-client' } });
    expect(log).toEqual(['GET /tools/guarded/x 401', 'GET /tools/guarded/x 200']);
  });
});

describe('Koa', () => {
  it('mounts a Koa app the same way', async () => {
    const app = new Koa();
    app.use((ctx) => {
      ctx.body = { path: ctx.path, mountPath: getGraftContext(ctx.req)?.mountPath, identity: getGraftContext(ctx.req)?.identity?.id };
    });
    const { GET } = mount(app, { identity: () => 'carol' });
    const body = await (await GET(new NextRequest('http://localhost/tools/koa/a/b'), routeContext(['a', 'b']))).json();
    expect(body).toEqual({ path: '/a/b', mountPath: '/tools/koa', identity: 'carol' });
  });
});

describe("core's basicAuth", () => {
  it('guards a route handler and names its identity, as the git route of the demo does', async () => {
    const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;
    const auth = basicAuth({
      realm: 'git',
      verify: (user, password) => (user === 'alice' && password === 'alice' ? user : null),
      required: true,
    });
    const handler = auth.protect(createRouteHandler(echoApp(), { prefix: '/git', identity: auth.identity }));
    const signed = await handler(
      new NextRequest('http://localhost/git/x', { headers: { authorization: basic('alice:alice') } }),
      routeContext(['x']),
    );
    expect(await signed.json()).toMatchObject({ url: '/x', identity: { id: 'alice' } });
    expect((await handler(new NextRequest('http://localhost/git/x'), routeContext(['x']))).status).toBe(401);
  });
});
