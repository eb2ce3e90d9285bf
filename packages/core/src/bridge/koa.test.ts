/**
 * Koa 3 runs through `callNodeApp` as it runs behind `http.createServer`: its context reads the
 * path info, scheme and client address from the call, and its own response handling (bodies of
 * every kind, default 404, error 500, cookies) reaches the host unchanged.
 */

import { Readable } from 'node:stream';
import Koa from 'koa';
import { describe, expect, it } from 'vitest';
import { type CallNodeAppOptions, callNodeApp, getGraftContext } from '../index.js';
import { randomData, sha256, streamedRequest } from '../test-support/requests.js';

const ORIGIN = 'https://shop.example:8443';

function call(app: Koa, request: Request | string, options: CallNodeAppOptions = {}): Promise<Response> {
  const req = typeof request === 'string' ? new Request(ORIGIN + request) : request;
  return callNodeApp(app, req, { mountPath: '/tools', ...options });
}

/** A Koa app that does not print the errors the tests provoke. */
function quietKoa(): Koa {
  const app = new Koa();
  app.silent = true;
  return app;
}

describe('Koa 3 through callNodeApp', () => {
  it('sees the path info, query, scheme, host and client address in its context', async () => {
    const app = quietKoa();
    app.use((ctx) => {
      ctx.body = {
        path: ctx.path,
        url: ctx.url,
        querystring: ctx.querystring,
        query: ctx.query,
        protocol: ctx.protocol,
        secure: ctx.secure,
        host: ctx.host,
        hostname: ctx.hostname,
        ip: ctx.ip,
        method: ctx.method,
      };
    });
    const response = await call(app, '/tools/notes/1?sort=new&tag=a%20b', { remoteAddress: '198.51.100.4' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      path: '/notes/1',
      url: '/notes/1?sort=new&tag=a%20b',
      querystring: 'sort=new&tag=a%20b',
      query: { sort: 'new', tag: 'a b' },
      protocol: 'https',
      secure: true,
      host: 'shop.example:8443',
      hostname: 'shop.example',
      ip: '198.51.100.4',
      method: 'GET',
    });
  });

  it('reports http for a plain http request', async () => {
    const app = quietKoa();
    app.use((ctx) => {
      ctx.body = { protocol: ctx.protocol, secure: ctx.secure, path: ctx.path };
    });
    const response = await callNodeApp(app, new Request('http://localhost:3000/tools'), { mountPath: '/tools' });
    expect(await response.json()).toEqual({ protocol: 'http', secure: false, path: '/' });
  });

  it('sends a string body as text', async () => {
    const app = quietKoa();
    app.use((ctx) => {
      ctx.body = 'Grüße from Koa';
    });
    const response = await call(app, '/tools/');
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength('Grüße from Koa')));
    expect(await response.text()).toBe('Grüße from Koa');
  });

  it('sends an object body as JSON', async () => {
    const app = quietKoa();
    app.use((ctx) => {
      ctx.status = 201;
      ctx.body = { ok: true, list: [1, 2, 3] };
    });
    const response = await call(app, '/tools/');
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ ok: true, list: [1, 2, 3] });
  });

  it('sends a Buffer body byte for byte', async () => {
    const bytes = randomData(100_000);
    const app = quietKoa();
    app.use((ctx) => {
      ctx.body = Buffer.from(bytes);
    });
    const response = await call(app, '/tools/');
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-length')).toBe('100000');
    expect(sha256(await response.arrayBuffer())).toBe(sha256(bytes));
  });

  it('streams a Node stream body in order', async () => {
    const chunks = Array.from({ length: 50 }, (_v, i) => randomData(4096 + i));
    const app = quietKoa();
    app.use((ctx) => {
      ctx.type = 'application/x-ndjson';
      ctx.body = Readable.from(chunks.map((c) => Buffer.from(c)));
    });
    const response = await call(app, '/tools/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    // A stream has no known length; the host frames it.
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('transfer-encoding')).toBeNull();
    expect(sha256(await response.arrayBuffer())).toBe(sha256(Buffer.concat(chunks)));
  });

  it('reads a streamed request body from ctx.req', async () => {
    const app = quietKoa();
    app.use(async (ctx) => {
      const parts: Buffer[] = [];
      for await (const chunk of ctx.req) parts.push(chunk as Buffer);
      ctx.body = { text: Buffer.concat(parts).toString(), complete: ctx.req.complete };
    });
    const request = streamedRequest(`${ORIGIN}/tools/`, { parts: ['one,', 'two,', 'three'] });
    const response = await call(app, request);
    expect(await response.json()).toEqual({ text: 'one,two,three', complete: true });
  });

  it("answers an unhandled request with Koa's own 404 Not Found", async () => {
    const app = quietKoa();
    app.use(async (_ctx, next) => {
      await next();
    });
    const errors: unknown[] = [];
    const response = await call(app, '/tools/nothing-here', { onError: (e) => void errors.push(e) });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe('Not Found');
    expect(errors).toEqual([]);
  });

  it("answers a middleware that throws with Koa's own 500", async () => {
    const app = quietKoa();
    const seen: string[] = [];
    app.on('error', (error: Error) => seen.push(error.message));
    app.use(() => {
      throw new Error('boom in middleware');
    });
    const errors: unknown[] = [];
    const response = await call(app, '/tools/', { onError: (e) => void errors.push(e) });
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('Internal Server Error');
    // Koa's own error path ran (it emits 'error' on the app); the bridge's did not.
    expect(seen).toEqual(['boom in middleware']);
    expect(errors).toEqual([]);
  });

  it('answers ctx.throw with its status and exposed message', async () => {
    const app = quietKoa();
    app.use((ctx) => ctx.throw(403, 'not yours'));
    const response = await call(app, '/tools/');
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('not yours');
  });

  it('sends two ctx.cookies.set as two Set-Cookie headers, secure over https', async () => {
    const app = quietKoa();
    app.use((ctx) => {
      ctx.cookies.set('session', 'abc', { path: '/tools' });
      ctx.cookies.set('theme', 'dark', { httpOnly: false });
      ctx.body = 'ok';
    });
    // The cookies module marks cookies `secure` by itself when the connection is encrypted.
    const secure = await call(app, '/tools/');
    expect(secure.status).toBe(200);
    expect(secure.headers.getSetCookie()).toEqual(['session=abc; path=/tools; secure; httponly', 'theme=dark; path=/; secure']);

    const plain = await callNodeApp(app, new Request('http://localhost:3000/tools/'), { mountPath: '/tools' });
    expect(plain.headers.getSetCookie()).toEqual(['session=abc; path=/tools; httponly', 'theme=dark; path=/']);
  });

  it('refuses a secure cookie over plain http with its own 500', async () => {
    const app = quietKoa();
    app.use((ctx) => {
      ctx.cookies.set('session', 'abc', { secure: true });
      ctx.body = 'ok';
    });
    const plain = await callNodeApp(app, new Request('http://localhost:3000/tools/'), { mountPath: '/tools' });
    expect(plain.status).toBe(500);
    expect(plain.headers.getSetCookie()).toEqual([]);
    const secure = await call(app, '/tools/');
    expect(secure.status).toBe(200);
  });

  it('reads request cookies joined by Fetch', async () => {
    const app = quietKoa();
    app.use((ctx) => {
      ctx.body = { a: ctx.cookies.get('a') ?? null, b: ctx.cookies.get('b') ?? null };
    });
    const request = new Request(`${ORIGIN}/tools/`, {
      headers: [
        ['cookie', 'a=1'],
        ['cookie', 'b=2'],
      ],
    });
    const response = await call(app, request);
    expect(await response.json()).toEqual({ a: '1', b: '2' });
  });

  it('redirects under the prefix built from the graft context', async () => {
    const app = quietKoa();
    app.use((ctx) => {
      const mount = getGraftContext(ctx.req)?.mountPath ?? '';
      ctx.redirect(`${mount}/login?next=${encodeURIComponent(ctx.path)}`);
    });
    const response = await call(app, '/tools/private');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/tools/login?next=%2Fprivate');
  });
});
