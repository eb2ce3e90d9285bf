/**
 * What a plain `http` `(req, res)` handler sees through `callNodeApp`, and what the host gets
 * back: the request line, headers and body framing as Node's own server would present them, the
 * response head as the app wrote it minus what belongs to a connection, and no side effects on
 * the host's objects or on Node's shared prototypes.
 */

import { createServer, IncomingMessage, OutgoingMessage, type RequestListener, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable, Writable } from 'node:stream';
import express from 'express';
import Koa from 'koa';
import { describe, expect, it } from 'vitest';
import { type CallNodeAppOptions, callNodeApp, MountMismatchError } from '../index.js';
import { sizedRequest, streamedRequest } from '../test-support/requests.js';

/** Own property names, symbols and their values/accessors: what "untouched" compares. */
function ownShape(target: object): Map<string | symbol, unknown[]> {
  const shape = new Map<string | symbol, unknown[]>();
  for (const key of Reflect.ownKeys(target)) {
    const d = Object.getOwnPropertyDescriptor(target, key)!;
    shape.set(key, [d.value, d.get, d.set, d.writable, d.enumerable, d.configurable]);
  }
  return shape;
}

// Taken before any test in this file has run an app.
const before = {
  Request: globalThis.Request,
  Response: globalThis.Response,
  Headers: globalThis.Headers,
  incoming: ownShape(IncomingMessage.prototype),
  serverResponse: ownShape(ServerResponse.prototype),
  outgoing: ownShape(OutgoingMessage.prototype),
  readable: ownShape(Readable.prototype),
  writable: ownShape(Writable.prototype),
  incomingParent: Object.getPrototypeOf(IncomingMessage.prototype) as unknown,
  serverResponseParent: Object.getPrototypeOf(ServerResponse.prototype) as unknown,
};

/** Runs `handler` and returns what it saw, as JSON the handler wrote. */
// biome-ignore lint/suspicious/noExplicitAny: whatever `see` returned, read ad hoc by each assertion
async function observe(request: Request, see: (req: IncomingMessage) => unknown, options: CallNodeAppOptions = {}): Promise<any> {
  const response = await callNodeApp(
    (req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(see(req)));
    },
    request,
    options,
  );
  return response.json();
}

/** Reads the whole request body inside the app, then reports what it saw. */
// biome-ignore lint/suspicious/noExplicitAny: the body the app reported, read ad hoc by each assertion
async function observeBody(request: Request, options: CallNodeAppOptions = {}): Promise<any> {
  const response = await callNodeApp(
    async (req, res) => {
      const completeBefore = req.complete;
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          body: Buffer.concat(chunks).toString(),
          completeBefore,
          completeAfter: req.complete,
          contentLength: req.headers['content-length'] ?? null,
          transferEncoding: req.headers['transfer-encoding'] ?? null,
        }),
      );
    },
    request,
    options,
  );
  return response.json();
}

/** Calls a plain handler and returns the Response. */
function respond(handler: RequestListener, request: Request | string = 'http://app.example/'): Promise<Response> {
  return callNodeApp(handler, typeof request === 'string' ? new Request(request) : request);
}

describe('the request line the app sees', () => {
  it('gives req.url as path info + raw query, byte for byte', async () => {
    const request = new Request('http://app.example/tools/a%2Fb//c/?q=%20x&r=/&s=%2F');
    const seen = await observe(request, (req) => req.url, { mountPath: '/tools' });
    expect(seen).toBe('/a%2Fb//c/?q=%20x&r=/&s=%2F');
  });

  it('gives / for the bare mount, keeping the query', async () => {
    expect(await observe(new Request('http://app.example/tools'), (req) => req.url, { mountPath: '/tools' })).toBe('/');
    expect(await observe(new Request('http://app.example/tools/'), (req) => req.url, { mountPath: '/tools' })).toBe('/');
    expect(await observe(new Request('http://app.example/tools?x=1'), (req) => req.url, { mountPath: '/tools' })).toBe('/?x=1');
  });

  it('gives the whole path without a mount, and the raw tail for a decoded pathInfo', async () => {
    expect(await observe(new Request('http://app.example/a%20b/c?d'), (req) => req.url)).toBe('/a%20b/c?d');
    const seen = await observe(new Request('http://app.example/tools/a%20b/c'), (req) => req.url, { pathInfo: '/a b/c' });
    expect(seen).toBe('/a%20b/c');
  });

  it('passes the method and HTTP/1.1', async () => {
    const request = new Request('http://app.example/', { method: 'PATCH', body: 'x' });
    const seen = await observe(request, (req) => [req.method, req.httpVersion, req.httpVersionMajor, req.httpVersionMinor]);
    expect(seen).toEqual(['PATCH', '1.1', 1, 1]);
  });

  it('rejects a MountMismatchError before the app runs', async () => {
    let calls = 0;
    const app: RequestListener = (_req, res) => {
      calls++;
      res.end();
    };
    await expect(callNodeApp(app, new Request('http://app.example/tools/a'), { mountPath: '/other' })).rejects.toBeInstanceOf(
      MountMismatchError,
    );
    await expect(callNodeApp(app, new Request('http://app.example/toolsX/a'), { mountPath: '/tools' })).rejects.toBeInstanceOf(
      MountMismatchError,
    );
    await expect(callNodeApp(app, new Request('http://app.example/tools/a'), { pathInfo: '/b' })).rejects.toBeInstanceOf(
      MountMismatchError,
    );
    expect(calls).toBe(0);
    await callNodeApp(app, new Request('http://app.example/tools/a'), { mountPath: '/tools' });
    expect(calls).toBe(1);
  });
});

describe('the request headers the app sees', () => {
  it('delivers Fetch-joined repeats under Node’s rules: Cookie with "; ", others with ", ", Set-Cookie apart', async () => {
    // Fetch joins repeated fields before the bridge sees them (Cookie with "; ", the rest with ", "),
    // except Set-Cookie, which it keeps apart and Node then gives as an array.
    const request = new Request('http://app.example/', {
      headers: [
        ['cookie', 'a=1'],
        ['cookie', 'b=2'],
        ['accept', 'text/html'],
        ['accept', 'application/json'],
        ['set-cookie', 's=1'],
        ['set-cookie', 's=2'],
        ['X-Custom', 'first'],
        ['x-custom', 'second'],
      ],
    });
    const seen = await observe(request, (req) => ({
      cookie: req.headers.cookie,
      accept: req.headers.accept,
      setCookie: req.headers['set-cookie'],
      custom: req.headers['x-custom'],
      distinct: {
        cookie: req.headersDistinct.cookie,
        accept: req.headersDistinct.accept,
        setCookie: req.headersDistinct['set-cookie'],
      },
      raw: req.rawHeaders,
    }));
    expect(seen).toEqual({
      cookie: 'a=1; b=2',
      accept: 'text/html, application/json',
      setCookie: ['s=1', 's=2'],
      custom: 'first, second',
      distinct: { cookie: ['a=1; b=2'], accept: ['text/html, application/json'], setCookie: ['s=1', 's=2'] },
      raw: [
        'host',
        'app.example',
        'accept',
        'text/html, application/json',
        'cookie',
        'a=1; b=2',
        'set-cookie',
        's=1',
        'set-cookie',
        's=2',
        'x-custom',
        'first, second',
      ],
    });
  });

  it('adds Host from the URL when the Request has none', async () => {
    const seen = await observe(new Request('https://app.example:8443/x'), (req) => ({
      host: req.headers.host,
      raw: req.rawHeaders.slice(0, 2),
    }));
    expect(seen).toEqual({ host: 'app.example:8443', raw: ['host', 'app.example:8443'] });
    // Default ports are not part of a serialised URL, so none is invented.
    expect(await observe(new Request('https://app.example:443/x'), (req) => req.headers.host)).toBe('app.example');
  });

  it('keeps the Host the Request carries (the public host behind a proxy)', async () => {
    const request = new Request('http://localhost:3000/x', { headers: { host: 'public.example' } });
    const seen = await observe(request, (req) => ({ host: req.headers.host, hosts: req.headersDistinct.host }));
    expect(seen).toEqual({ host: 'public.example', hosts: ['public.example'] });
  });

  it('gives a bodyless GET neither content-length nor transfer-encoding', async () => {
    const seen = await observe(new Request('http://app.example/'), (req) => ({
      contentLength: req.headers['content-length'] ?? null,
      transferEncoding: req.headers['transfer-encoding'] ?? null,
      complete: req.complete,
    }));
    expect(seen).toEqual({ contentLength: null, transferEncoding: null, complete: true });
  });

  it('frames a streamed body with no length as chunked, so parsers see a body', async () => {
    const seen = await observeBody(streamedRequest('http://app.example/', { parts: ['abc', 'def', 'ghi'] }));
    expect(seen).toEqual({
      body: 'abcdefghi',
      completeBefore: false,
      completeAfter: true,
      contentLength: null,
      transferEncoding: 'chunked',
    });
  });

  it('keeps a content-length the Request carries, without transfer-encoding', async () => {
    const seen = await observeBody(sizedRequest('http://app.example/', { body: 'héllo' }));
    expect(seen).toEqual({
      body: 'héllo',
      completeBefore: false,
      completeAfter: true,
      contentLength: '6',
      transferEncoding: null,
    });
  });

  it('frames a string body without a declared length as chunked', async () => {
    // `new Request(url, { body: 'text' })` declares no content-length: the length is computed
    // only when fetch sends it, so the bridge must still announce a body.
    const seen = await observeBody(new Request('http://app.example/', { method: 'POST', body: 'plain text' }));
    expect(seen).toMatchObject({ body: 'plain text', contentLength: null, transferEncoding: 'chunked' });
  });

  it('drops a transfer-encoding the Request claims, keeping one framing', async () => {
    const request = new Request('http://app.example/', {
      method: 'POST',
      headers: { 'content-length': '3', 'transfer-encoding': 'gzip, chunked' },
      body: 'abc',
    });
    const seen = await observeBody(request);
    expect(seen).toMatchObject({ body: 'abc', contentLength: '3', transferEncoding: null });
  });

  it('leaves the host’s Request as it was', async () => {
    const request = new Request('http://app.example/tools/x?y=1', {
      method: 'POST',
      headers: [
        ['x-remote-user', 'mallory'],
        ['content-type', 'text/plain'],
        ['cookie', 'a=1'],
      ],
      body: 'payload',
    });
    const headersBefore = [...request.headers];
    await observeBody(request, { mountPath: '/tools', identity: 'alice', identityHeader: 'x-remote-user' });
    expect([...request.headers]).toEqual(headersBefore);
    expect(request.headers.get('x-remote-user')).toBe('mallory');
    expect(request.url).toBe('http://app.example/tools/x?y=1');
    expect(request.method).toBe('POST');
  });
});

describe('the response head the host gets', () => {
  it('keeps status and reason phrase', async () => {
    const response = await respond((_req, res) => {
      res.statusCode = 202;
      res.statusMessage = 'Very Fine';
      res.end('accepted');
    });
    expect(response.status).toBe(202);
    expect(response.statusText).toBe('Very Fine');
    expect(await response.text()).toBe('accepted');
  });

  it('drops hop-by-hop headers and the fields named in Connection, keeping the body intact', async () => {
    const response = await respond((_req, res) => {
      res.setHeader('Connection', 'keep-alive, X-Private-Hop');
      res.setHeader('Keep-Alive', 'timeout=5');
      res.setHeader('X-Private-Hop', 'secret');
      res.setHeader('Upgrade', 'h2c');
      res.setHeader('Transfer-Encoding', 'chunked');
      res.setHeader('X-Kept', 'yes');
      res.write('hello ');
      res.end('world');
    });
    for (const name of ['connection', 'keep-alive', 'x-private-hop', 'upgrade', 'transfer-encoding']) {
      expect(response.headers.has(name), name).toBe(false);
    }
    expect(response.headers.get('x-kept')).toBe('yes');
    // The app asked for chunked framing; the host must get the bytes, not the chunk framing.
    expect(await response.text()).toBe('hello world');
  });

  it('invents neither Date nor Connection', async () => {
    const response = await respond((_req, res) => res.end('x'));
    expect(response.headers.has('date')).toBe(false);
    expect(response.headers.has('connection')).toBe(false);
    expect(response.headers.has('keep-alive')).toBe(false);
    expect([...response.headers.keys()]).toEqual(['content-length']);
  });

  it('keeps a Date the app set itself', async () => {
    const date = 'Tue, 01 Jan 2030 00:00:00 GMT';
    const response = await respond((_req, res) => {
      res.setHeader('Date', date);
      res.end();
    });
    expect(response.headers.get('date')).toBe(date);
  });

  it('gives HEAD, 204 and 304 responses a null body', async () => {
    const talkative: RequestListener = (req, res) => {
      const status = Number(req.url!.slice(1)) || 200;
      res.statusCode = status;
      res.setHeader('x-status', String(status));
      res.end(status === 200 ? 'a body for GET' : undefined);
    };
    const head = await callNodeApp(talkative, new Request('http://app.example/', { method: 'HEAD' }));
    expect([head.status, head.body]).toEqual([200, null]);
    expect(head.headers.get('x-status')).toBe('200');

    const noContent = await respond(talkative, 'http://app.example/204');
    expect([noContent.status, noContent.body]).toEqual([204, null]);

    const notModified = await respond(talkative, 'http://app.example/304');
    expect([notModified.status, notModified.body]).toEqual([304, null]);
    expect(notModified.headers.get('x-status')).toBe('304');

    // The same app answers GET with its body, so the nulls above are not a broken app.
    const get = await respond(talkative, 'http://app.example/');
    expect(await get.text()).toBe('a body for GET');
  });

  it('keeps headers given to writeHead as a flat array', async () => {
    const response = await respond((_req, res) => {
      res.writeHead(201, ['X-One', '1', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'Content-Type', 'text/plain']);
      res.end('made');
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-one')).toBe('1');
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.text()).toBe('made');
  });

  it('keeps headers given to writeHead as an object, with array values', async () => {
    const response = await respond((_req, res) => {
      res.setHeader('X-Early', 'set before');
      res.writeHead(200, 'Fine', {
        'x-list': ['a', 'b'],
        'set-cookie': ['c=3; Path=/', 'd=4; Path=/'],
        'content-type': 'application/json',
      });
      res.end('{}');
    });
    expect(response.statusText).toBe('Fine');
    expect(response.headers.get('x-early')).toBe('set before');
    expect(response.headers.get('x-list')).toBe('a, b');
    expect(response.headers.getSetCookie()).toEqual(['c=3; Path=/', 'd=4; Path=/']);
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it('returns a mutable Response whose body can be rewrapped', async () => {
    const response = await respond((_req, res) => {
      res.statusCode = 203;
      res.setHeader('x-app', 'yes');
      res.write('streamed ');
      setImmediate(() => res.end('body'));
    });
    response.headers.set('x-host', 'added');
    response.headers.delete('x-app');
    expect(response.headers.get('x-host')).toBe('added');
    const rewrapped = new Response(response.body, response);
    expect(rewrapped.status).toBe(203);
    expect(rewrapped.headers.get('x-host')).toBe('added');
    expect(rewrapped.headers.has('x-app')).toBe(false);
    expect(await rewrapped.text()).toBe('streamed body');
  });
});

describe('no side effects beyond the call', () => {
  it('leaves globals and Node’s http prototypes untouched, so the same Express app still serves normally', async () => {
    const app = express();
    app.get('/where', (req, res) => {
      res.json({
        url: req.url,
        baseUrl: req.baseUrl,
        real: req instanceof IncomingMessage && res instanceof ServerResponse,
        socketIsBridge: req.socket.constructor.name === 'BridgeSocket',
      });
    });
    const koa = new Koa();
    koa.use((ctx) => {
      ctx.body = 'koa';
    });

    const bridged = await callNodeApp(app, new Request('http://app.example/tools/where'), { mountPath: '/tools' });
    expect(await bridged.json()).toEqual({ url: '/where', baseUrl: '/tools', real: true, socketIsBridge: true });
    expect(await (await callNodeApp(koa, new Request('http://app.example/'))).text()).toBe('koa');

    expect(globalThis.Request).toBe(before.Request);
    expect(globalThis.Response).toBe(before.Response);
    expect(globalThis.Headers).toBe(before.Headers);
    expect(ownShape(IncomingMessage.prototype)).toEqual(before.incoming);
    expect(ownShape(ServerResponse.prototype)).toEqual(before.serverResponse);
    expect(ownShape(OutgoingMessage.prototype)).toEqual(before.outgoing);
    expect(ownShape(Readable.prototype)).toEqual(before.readable);
    expect(ownShape(Writable.prototype)).toEqual(before.writable);
    expect(Object.getPrototypeOf(IncomingMessage.prototype)).toBe(before.incomingParent);
    expect(Object.getPrototypeOf(ServerResponse.prototype)).toBe(before.serverResponseParent);

    // The same app, behind a real server, on a real socket.
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const direct = await fetch(`http://127.0.0.1:${port}/where`);
      expect(direct.status).toBe(200);
      expect(direct.headers.get('date')).not.toBeNull();
      expect(await direct.json()).toEqual({ url: '/where', baseUrl: '', real: true, socketIsBridge: false });
      const missing = await fetch(`http://127.0.0.1:${port}/nope`);
      expect(missing.status).toBe(404);
      await missing.text();
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    }
  });
});
