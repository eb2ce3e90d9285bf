/**
 * Connect and Fastify 5 through `callNodeApp`: Connect finishes what no middleware handled with
 * its own finalhandler 404/500; a Fastify instance is readied once and then served through its
 * own router, with its JSON errors and reply headers intact.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import connect from 'connect';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { type CallNodeAppOptions, callNodeApp } from '../index.js';
import { sizedRequest, streamedRequest } from '../test-support/requests.js';

const ORIGIN = 'https://shop.example:8443';

function call(app: Parameters<typeof callNodeApp>[0], request: Request | string, options: CallNodeAppOptions = {}) {
  const req = typeof request === 'string' ? new Request(ORIGIN + request) : request;
  return callNodeApp(app, req, { mountPath: '/tools', ...options });
}

function errorLog(): { errors: unknown[]; onError: (error: unknown) => void } {
  const errors: unknown[] = [];
  return { errors, onError: (error) => void errors.push(error) };
}

describe('Connect through callNodeApp', () => {
  it('runs mounted middleware with the path info, keeping the full originalUrl', async () => {
    const app = connect();
    app.use('/hello', (req: IncomingMessage, res: ServerResponse) => {
      const r = req as IncomingMessage & { originalUrl: string };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ url: r.url, originalUrl: r.originalUrl }));
    });
    const response = await call(app, '/tools/hello/world?x=1');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ url: '/world?x=1', originalUrl: '/tools/hello/world?x=1' });
  });

  it('answers an unhandled request with its own finalhandler 404', async () => {
    const app = connect();
    app.use('/hello', (_req: IncomingMessage, res: ServerResponse) => res.end('hi'));
    const log = errorLog();
    const response = await call(app, '/tools/nope', { onError: log.onError });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<pre>Cannot GET /tools/nope</pre>');
    expect(log.errors).toEqual([]);
  });

  it('answers a middleware error with its own finalhandler 500', async () => {
    const app = connect();
    app.use('/next', (_req: IncomingMessage, _res: ServerResponse, next: (err?: unknown) => void) => next(new Error('passed to next')));
    app.use('/throw', () => {
      throw new Error('thrown in middleware');
    });
    const log = errorLog();

    const passed = await call(app, '/tools/next', { onError: log.onError });
    expect(passed.status).toBe(500);
    expect(passed.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await passed.text()).toContain('Error: passed to next');

    const thrown = await call(app, '/tools/throw', { onError: log.onError });
    expect(thrown.status).toBe(500);
    expect(await thrown.text()).toContain('Error: thrown in middleware');
    expect(log.errors).toEqual([]);
  });
});

describe('Fastify 5 through callNodeApp', () => {
  function fastifyApp() {
    const app = Fastify();
    app.get('/json', async (request) => ({
      ok: true,
      url: request.url,
      ip: request.ip,
      protocol: request.protocol,
      host: request.host,
    }));
    app.post('/echo', async (request) => ({
      body: request.body,
      transferEncoding: request.headers['transfer-encoding'] ?? null,
      contentLength: request.headers['content-length'] ?? null,
    }));
    app.get('/headers', async (_request, reply) => {
      reply
        .header('x-single', 'one')
        .header('x-list', ['a', 'b'])
        .header('set-cookie', ['a=1; Path=/', 'b=2; Path=/'])
        .header('cache-control', 'private, max-age=60');
      return 'with headers';
    });
    app.get('/throws', async () => {
      throw new Error('fastify route failed');
    });
    return app;
  }

  it('serves a route returning JSON, with the path info, client address and scheme', async () => {
    const app = fastifyApp();
    const response = await call(app, '/tools/json?q=1', { remoteAddress: '192.0.2.9' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({
      ok: true,
      url: '/json?q=1',
      ip: '192.0.2.9',
      protocol: 'https',
      host: 'shop.example:8443',
    });
    await app.close();
  });

  it('parses a JSON POST body, streamed with no length and sized', async () => {
    const app = fastifyApp();
    const payload = { name: 'Ada', list: [1, 2, 3] };
    const text = JSON.stringify(payload);

    const streamed = await call(
      app,
      streamedRequest(`${ORIGIN}/tools/echo`, {
        headers: { 'content-type': 'application/json' },
        parts: [text.slice(0, 5), text.slice(5)],
      }),
    );
    expect(streamed.status).toBe(200);
    expect(await streamed.json()).toEqual({ body: payload, transferEncoding: 'chunked', contentLength: null });

    const sized = await call(app, sizedRequest(`${ORIGIN}/tools/echo`, { headers: { 'content-type': 'application/json' }, body: text }));
    expect(sized.status).toBe(200);
    expect(await sized.json()).toEqual({ body: payload, transferEncoding: null, contentLength: String(text.length) });
    await app.close();
  });

  it('answers an unknown route with its own 404 JSON', async () => {
    const app = fastifyApp();
    const log = errorLog();
    const response = await call(app, '/tools/nope', { onError: log.onError });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ message: 'Route GET:/nope not found', error: 'Not Found', statusCode: 404 });
    expect(log.errors).toEqual([]);
    await app.close();
  });

  it('answers a failing route with its own 500 JSON', async () => {
    const app = fastifyApp();
    const log = errorLog();
    const response = await call(app, '/tools/throws', { onError: log.onError });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'fastify route failed',
    });
    expect(log.errors).toEqual([]);
    await app.close();
  });

  it('keeps reply.header values, lists and Set-Cookie entries', async () => {
    const app = fastifyApp();
    const response = await call(app, '/tools/headers');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-single')).toBe('one');
    expect(response.headers.get('x-list')).toBe('a, b');
    expect(response.headers.get('cache-control')).toBe('private, max-age=60');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(await response.text()).toBe('with headers');
    await app.close();
  });

  it('readies the instance once and serves every call after it', async () => {
    const app = fastifyApp();
    let readyCalls = 0;
    const ready = app.ready.bind(app);
    app.ready = ((...args: Parameters<typeof ready>) => {
      readyCalls++;
      return ready(...args);
    }) as typeof app.ready;
    let onReady = 0;
    app.addHook('onReady', async () => {
      onReady++;
    });

    // Two calls before the instance is ready, then one after.
    const [first, second] = await Promise.all([call(app, '/tools/json'), call(app, '/tools/json?n=2')]);
    const third = await call(app, '/tools/json?n=3');
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    expect(((await second.json()) as { url: string }).url).toBe('/json?n=2');
    expect(((await third.json()) as { url: string }).url).toBe('/json?n=3');
    await first.text();
    expect(readyCalls).toBe(1);
    expect(onReady).toBe(1);
    await app.close();
  });
});
