import compression from 'compression';
import express from 'express';
import Koa from 'koa';
import compress from 'koa-compress';
import { describe, expect, it } from 'vitest';
import { withIdentityEncoding } from './content-coding.js';
import { createRouteHandler } from './mount.js';

const BODY = 'graft passes this through uncompressed\n'.repeat(200);

describe('withIdentityEncoding', () => {
  it('asks for the identity coding and keeps method, URL, other headers, body and abort signal', async () => {
    const controller = new AbortController();
    const original = new Request('http://host.test/tools/x?y=1', {
      method: 'POST',
      headers: { 'accept-encoding': 'gzip, br', 'x-kept': 'yes' },
      body: 'payload',
      signal: controller.signal,
    });
    const request = withIdentityEncoding(original);
    expect(request.headers.get('accept-encoding')).toBe('identity');
    expect(request.headers.get('x-kept')).toBe('yes');
    expect(request.method).toBe('POST');
    expect(request.url).toBe('http://host.test/tools/x?y=1');
    expect(await request.text()).toBe('payload');
    controller.abort();
    expect(request.signal.aborted).toBe(true);
  });

  it('adds identity to a request without Accept-Encoding, and returns an identity request as it is', () => {
    expect(withIdentityEncoding(new Request('http://host.test/')).headers.get('accept-encoding')).toBe('identity');
    const identity = new Request('http://host.test/', { headers: { 'accept-encoding': 'identity' } });
    expect(withIdentityEncoding(identity)).toBe(identity);
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
