import compression from 'compression';
import express from 'express';
import Koa from 'koa';
import compress from 'koa-compress';
import { describe, expect, it } from 'vitest';
import { createRouteHandler } from './mount.js';

const BODY = 'graft passes this through uncompressed\n'.repeat(200);

describe('IDENTITY_ENCODING, as mount() hands it to the app', () => {
  it('a fetch app gets a copy asking for identity that keeps method, URL, other headers, body and abort signal', async () => {
    const controller = new AbortController();
    const original = new Request('http://host.test/tools/x?y=1', {
      method: 'POST',
      headers: { 'accept-encoding': 'gzip, br', 'x-kept': 'yes' },
      body: 'payload',
      signal: controller.signal,
      duplex: 'half',
    } as RequestInit);
    let received: Request | undefined;
    const app = {
      fetch: async (request: Request) => {
        received = request;
        return new Response(await request.text());
      },
    };
    const response = await createRouteHandler(app, { prefix: '/tools' })(original);
    expect(await response.text()).toBe('payload');
    expect(received).not.toBe(original);
    expect(received!.headers.get('accept-encoding')).toBe('identity');
    expect(received!.headers.get('x-kept')).toBe('yes');
    expect(received!.method).toBe('POST');
    expect(received!.url).toBe('http://host.test/tools/x?y=1');
    controller.abort();
    expect(received!.signal.aborted).toBe(true);
  });

  it('a Node app sees identity with or without a client Accept-Encoding, the rest of the head as sent', async () => {
    const app = express();
    app.get('/x', (req, res) => res.json({ accept: req.headers['accept-encoding'], kept: req.headers['x-kept'], raw: req.rawHeaders }));
    const handler = createRouteHandler(app, { prefix: '/tools' });
    const without = await (await handler(new Request('http://host.test/tools/x', { headers: { 'x-kept': 'yes' } }))).json();
    expect(without.accept).toBe('identity');
    expect(without.kept).toBe('yes');
    const withGzip = await (await handler(new Request('http://host.test/tools/x', { headers: { 'accept-encoding': 'gzip' } }))).json();
    expect(withGzip.accept).toBe('identity');
    // One Accept-Encoding line: the client's is replaced, not joined.
    expect(withGzip.raw.filter((name: string) => name.toLowerCase() === 'accept-encoding')).toEqual(['accept-encoding']);
  });
});

describe('a compressing app behind mount()', () => {
  const request = () => new Request('http://host.test/tools/text', { headers: { 'accept-encoding': 'gzip, br' } });

  it('Express with compression() answers uncompressed, having seen Accept-Encoding: identity', async () => {
    const app = express();
    app.use(compression());
    app.get('/text', (req, res) => res.set('x-seen', req.get('accept-encoding')).type('text/plain').send(BODY));
    const response = await createRouteHandler(app, { prefix: '/tools' })(request());
    expect(response.headers.get('x-seen')).toBe('identity');
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(await response.text()).toBe(BODY);
  });

  it('Koa with koa-compress answers uncompressed', async () => {
    const app = new Koa();
    app.use(compress({ threshold: 0 }));
    app.use((ctx) => {
      ctx.type = 'text/plain';
      ctx.body = BODY;
    });
    const response = await createRouteHandler(app, { prefix: '/tools' })(request());
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(await response.text()).toBe(BODY);
  });
});
