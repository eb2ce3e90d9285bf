/**
 * Every app shape `callNodeApp` accepts, each a real app of its library, through the same calls:
 * what it sees of the prefix and the identity (client-sent identity headers removed, the trusted
 * one added), a streamed POST body, and a response body that streams while the app is still
 * writing. Then the rules that tell the shapes apart, and the refusals.
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { App as TinyApp } from '@tinyhttp/app';
import connect from 'connect';
import express from 'express';
import Fastify from 'fastify';
import { H3 } from 'h3';
import { createApp as createH3v1App, createRouter as createH3v1Router, defineEventHandler, readRawBody, toNodeListener } from 'h3v1';
import { Hono } from 'hono';
import { stream as honoStream } from 'hono/streaming';
import Koa from 'koa';
import polka from 'polka';
import { describe, expect, it, vi } from 'vitest';
import { createMountHandler } from '../adapter/mount-handler.js';
import { type CallNodeAppOptions, callNodeApp, getGraftContext, getMountContext, getMountIdentity, type NodeApp } from '../index.js';
import { splitTarget } from '../shared/mount-path.js';
import { deferred, within } from '../test-support/deferred.js';
import { streamedRequest } from '../test-support/requests.js';

const ORIGIN = 'http://apps.example';
const OPTIONS: CallNodeAppOptions = { mountPath: '/tools', identity: { id: 'alice' }, identityHeader: 'x-remote-user' };

/** What every app reports for GET /tools/who: the path it routed on, its mount, who it was told is signed in. */
interface Seen {
  path: string;
  mountPath: string | undefined;
  user: string | null;
  header: string | null;
}

function seenByNodeApp(req: IncomingMessage, path: string): Seen {
  const graft = getGraftContext(req);
  const header = req.headers['x-remote-user'];
  return { path, mountPath: graft?.mountPath, user: graft?.identity?.id ?? null, header: typeof header === 'string' ? header : null };
}

function seenByFetchApp(request: Request, path: string): Seen {
  return {
    path,
    mountPath: getMountContext(request)?.mountPath,
    user: getMountIdentity(request)?.id ?? null,
    header: request.headers.get('x-remote-user'),
  };
}

async function readNodeBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}

/** A Node stream that writes `one`, waits for the test to have read it, then writes `two` and ends. */
function steppedNodeStream(gate: () => Promise<void>): PassThrough {
  const out = new PassThrough();
  out.write('one');
  void gate().then(() => out.end('two'));
  return out;
}

/** The same as a web stream, for the fetch apps. */
function steppedWebStream(gate: () => Promise<void>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async start(controller) {
      controller.enqueue(encoder.encode('one'));
      await gate();
      controller.enqueue(encoder.encode('two'));
      controller.close();
    },
  });
}

/** A plain `(req, res)` router for the shapes without one (Connect, `http.Server`). */
async function rawRoutes(req: IncomingMessage, res: ServerResponse, gate: () => Promise<void>): Promise<void> {
  const { path } = splitTarget(req.url ?? '/');
  if (path === '/who') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(seenByNodeApp(req, path)));
  } else if (path === '/echo') res.end(`got:${await readNodeBody(req)}`);
  else if (path === '/stream') {
    res.write('one');
    await gate();
    res.end('two');
  } else {
    res.statusCode = 404;
    res.end('nope');
  }
}

/** Each shape, built with its library; `expectedPath` is the path it routes on (fetch apps see the prefix). */
const SHAPES: { name: string; expectedPath: string; make: (gate: () => Promise<void>) => NodeApp }[] = [
  {
    name: 'Express 5 (a function)',
    expectedPath: '/who',
    make(gate) {
      const app = express();
      app.get('/who', (req, res) => void res.json(seenByNodeApp(req, req.path)));
      app.post('/echo', async (req, res) => void res.send(`got:${await readNodeBody(req)}`));
      app.get('/stream', async (_req, res) => {
        res.write('one');
        await gate();
        res.end('two');
      });
      return app;
    },
  },
  {
    name: 'Connect (a function)',
    expectedPath: '/who',
    make(gate) {
      return connect().use((req: IncomingMessage, res: ServerResponse) => rawRoutes(req, res, gate));
    },
  },
  ...(['Koa app', "Koa's callback()"] as const).map((name) => ({
    name,
    expectedPath: '/who',
    make(gate: () => Promise<void>): NodeApp {
      const app = new Koa();
      app.use(async (ctx) => {
        if (ctx.path === '/who') ctx.body = seenByNodeApp(ctx.req, ctx.path);
        else if (ctx.path === '/echo') ctx.body = `got:${await readNodeBody(ctx.req)}`;
        else if (ctx.path === '/stream') ctx.body = steppedNodeStream(gate);
      });
      return name === 'Koa app' ? app : app.callback();
    },
  })),
  {
    name: 'Fastify instance',
    expectedPath: '/who',
    make(gate) {
      const app = Fastify();
      app.get('/who', async (request) => seenByNodeApp(request.raw, splitTarget(request.url).path));
      app.post('/echo', async (request) => `got:${String(request.body)}`);
      app.get('/stream', async (_request, reply) => reply.type('text/plain').send(steppedNodeStream(gate)));
      return app;
    },
  },
  {
    name: 'http.Server',
    expectedPath: '/who',
    make: (gate) => createServer((req, res) => void rawRoutes(req, res, gate)),
  },
  {
    name: 'tinyhttp App (handler)',
    expectedPath: '/who',
    make(gate) {
      const app = new TinyApp();
      app.get('/who', (req, res) => void res.json(seenByNodeApp(req, req.path)));
      app.post('/echo', async (req, res) => void res.send(`got:${await readNodeBody(req)}`));
      app.get('/stream', async (_req, res) => {
        res.write('one');
        await gate();
        res.end('two');
      });
      return app;
    },
  },
  {
    name: 'polka (handler)',
    expectedPath: '/who',
    make(gate) {
      return polka()
        .get('/who', (req, res) => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(seenByNodeApp(req, req.path)));
        })
        .post('/echo', async (req, res) => res.end(`got:${await readNodeBody(req)}`))
        .get('/stream', async (_req, res) => {
          res.write('one');
          await gate();
          res.end('two');
        });
    },
  },
  {
    name: 'h3 v1 toNodeListener(app) (a function)',
    expectedPath: '/who',
    make(gate) {
      const router = createH3v1Router()
        .get(
          '/who',
          defineEventHandler((event) => seenByNodeApp(event.node.req, splitTarget(event.path).path)),
        )
        .post(
          '/echo',
          defineEventHandler(async (event) => `got:${(await readRawBody(event)) ?? ''}`),
        )
        .get(
          '/stream',
          defineEventHandler(() => steppedWebStream(gate)),
        );
      return toNodeListener(createH3v1App().use(router));
    },
  },
  {
    name: 'h3 v2 app (fetch)',
    expectedPath: '/tools/who',
    make(gate) {
      const tools = new H3()
        .get('/who', (event) => seenByFetchApp(event.req, event.url.pathname))
        .post('/echo', async (event) => `got:${await event.req.text()}`)
        .get('/stream', () => new Response(steppedWebStream(gate)));
      return new H3().mount('/tools', tools);
    },
  },
  {
    name: 'Hono app (fetch)',
    expectedPath: '/tools/who',
    make(gate) {
      return new Hono()
        .basePath('/tools')
        .get('/who', (c) => c.json(seenByFetchApp(c.req.raw, c.req.path)))
        .post('/echo', async (c) => c.text(`got:${await c.req.text()}`))
        .get('/stream', (c) =>
          honoStream(c, async (out) => {
            await out.write('one');
            await gate();
            await out.write('two');
          }),
        );
    },
  },
  {
    name: '{ fetch: (request) => Response }',
    expectedPath: '/tools/who',
    make(gate) {
      return {
        async fetch(request: Request) {
          const path = new URL(request.url).pathname;
          if (path === '/tools/who') return Response.json(seenByFetchApp(request, path));
          if (path === '/tools/echo') return new Response(`got:${await request.text()}`);
          if (path === '/tools/stream') return new Response(steppedWebStream(gate));
          return new Response('nope', { status: 404 });
        },
      };
    },
  },
];

describe.each(SHAPES)('$name through callNodeApp', ({ make, expectedPath }) => {
  it('sees its path under the mount and the identity the host vouches for, never the client’s', async () => {
    const app = make(async () => {});
    const request = new Request(`${ORIGIN}/tools/who?x=1`, { headers: { 'x-remote-user': 'mallory', 'X-Forwarded-User': 'mallory' } });
    const response = await callNodeApp(app, request, OPTIONS);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ path: expectedPath, mountPath: '/tools', user: 'alice', header: 'alice' });
  });

  it('reads a streamed POST body', async () => {
    const app = make(async () => {});
    const request = streamedRequest(`${ORIGIN}/tools/echo`, { parts: ['hel', 'lo'], headers: { 'content-type': 'text/plain' } });
    const response = await callNodeApp(app, request, OPTIONS);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('got:hello');
  });

  it('streams its response: the first part arrives while the app still waits to write the second', async () => {
    const firstRead = deferred();
    const app = make(() => firstRead.promise);
    const response = await within(callNodeApp(app, new Request(`${ORIGIN}/tools/stream`), OPTIONS), 5000, 'the response head');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('one')) text += (await within(reader.read(), 5000, 'the first part')).value ?? '';
    expect(text).toBe('one');
    firstRead.resolve();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += chunk.value;
    expect(text).toBe('onetwo');
  });

  it('is refused with MountMismatchError before it runs when the prefix does not fit', async () => {
    const app = make(async () => {});
    await expect(callNodeApp(app, new Request(`${ORIGIN}/other/who`), OPTIONS)).rejects.toMatchObject({ code: 'GRAFT_MOUNT_MISMATCH' });
  });
});

/** A host for `createMountHandler` whose routes get the mount path itself. */
const fixedHost = {
  locate: () => ({ mountPath: '/tools', base: '' }),
  signIn: () => new Response(null, { status: 303, headers: { location: '/login' } }),
};

describe('telling the shapes apart', () => {
  it('runs every function as a (req, res) listener, whatever its declared arity', async () => {
    const listeners: [string, NodeApp][] = [
      [
        'no parameters',
        function (this: unknown, ...args: unknown[]) {
          (args[1] as ServerResponse).end('rest');
        },
      ],
      ['one parameter', (req: IncomingMessage) => void (req.socket as unknown as { _httpMessage: ServerResponse })._httpMessage.end('one')],
      ['a default parameter', (req: IncomingMessage, res: ServerResponse = undefined as never) => void res.end(req.url)],
      ['three parameters', (_req: IncomingMessage, res: ServerResponse, _next?: unknown) => void res.end('three')],
    ];
    const answers = await Promise.all(
      listeners.map(async ([, app]) => (await callNodeApp(app, new Request(`${ORIGIN}/tools/x`), { mountPath: '/tools' })).text()),
    );
    expect(answers).toEqual(['rest', 'one', '/x', 'three']);
    expect(listeners.map(([, app]) => (app as () => void).length)).toEqual([0, 1, 1, 3]);
  });

  it('takes a fetch handler as { fetch }, called with the client only if it declares two parameters', async () => {
    const clients: unknown[] = [];
    const oneParameter = { fetch: (request: Request) => new Response(`one ${getMountContext(request)?.pathInfo}`) };
    const twoParameters = {
      fetch(_request: Request, client: unknown) {
        clients.push(client);
        return new Response('two');
      },
    };
    const options = { mountPath: '/tools', remoteAddress: '2001:db8::7', remotePort: 4242 };
    expect(await (await callNodeApp(oneParameter, new Request(`${ORIGIN}/tools/x`), options)).text()).toBe('one /x');
    expect(await (await callNodeApp(twoParameters, new Request(`${ORIGIN}/tools/x`), options)).text()).toBe('two');
    expect(clients).toEqual([{ address: '2001:db8::7', family: 'IPv6', port: 4242 }]);
  });

  it('serves an h3 v2 app (which has a handler too) by its fetch, with the host’s own Request', async () => {
    let received: Request | undefined;
    const app = new H3().get('/tools/x', (event) => {
      received = event.req;
      return 'h3';
    });
    const request = new Request(`${ORIGIN}/tools/x`);
    expect(typeof (app as unknown as { handler: unknown }).handler).toBe('function');
    expect(await (await callNodeApp(app, request, { mountPath: '/tools' })).text()).toBe('h3');
    expect(received).toBe(request);
    expect(getMountContext(request)).toMatchObject({ mountPath: '/tools', pathInfo: '/x', request });
  });

  it('fails a listener that returns a Response at once, saying how to pass a fetch handler', async () => {
    const hono = new Hono().get('/tools/x', (c) => c.text('never'));
    const onError = vi.fn();
    const response = await within(
      callNodeApp(hono.fetch as never, new Request(`${ORIGIN}/tools/x`), { mountPath: '/tools', onError }),
      5000,
      'the answer to a misrouted fetch handler',
    );
    expect(response.status).toBe(500);
    expect(onError).toHaveBeenCalledOnce();
    expect(onError.mock.calls[0]![0]).toBeInstanceOf(TypeError);
    expect(String(onError.mock.calls[0]![0])).toMatch(/returned a Response.*\{ fetch: handler \}/);
    expect(onError.mock.calls[0]![1]).toMatchObject({ where: 'app', headersSent: false });
  });

  it('refuses an h3 v1 app and an h3 event handler, pointing to toNodeListener', async () => {
    const app = createH3v1App();
    const handler = defineEventHandler(() => 'h3');
    for (const wrong of [app, handler]) {
      await expect(callNodeApp(wrong as never, new Request(`${ORIGIN}/x`))).rejects.toThrow(/toNodeListener\(app\)/);
      await expect(callNodeApp(wrong as never, new Request(`${ORIGIN}/x`))).rejects.toBeInstanceOf(TypeError);
    }
    expect(await (await callNodeApp(toNodeListener(app.use('/', handler)), new Request(`${ORIGIN}/x`))).text()).toBe('h3');
  });

  it('refuses anything else with a TypeError that names every accepted shape', async () => {
    for (const wrong of [{}, null, undefined, 42, 'app', { handler: 'x' }, { fetch: true }, { routing: () => {} }, new Map()]) {
      const call = callNodeApp(wrong as never, new Request(`${ORIGIN}/x`));
      await expect(call).rejects.toBeInstanceOf(TypeError);
      const message = String(await call.catch((error: unknown) => error));
      for (const shape of ['(req, res) listener', 'Express', 'Connect', 'http.createServer', 'toNodeListener', 'fetch', 'Hono', 'h3 v2']) {
        expect(message).toContain(shape);
      }
      for (const shape of ['(request) => Response', 'Fastify', 'Koa', 'handler(req, res)', 'tinyhttp', 'polka', 'http.Server']) {
        expect(message).toContain(shape);
      }
    }
  });

  it('resolves each app once: Koa’s callback() and a fetch app’s fetch are read on the first call only', async () => {
    const koa = new Koa().use((ctx) => {
      ctx.body = 'koa';
    });
    const callback = vi.spyOn(koa, 'callback');
    let fetchReads = 0;
    const fetchApp = {
      get fetch() {
        fetchReads++;
        return () => new Response('fetch');
      },
    };
    for (let i = 0; i < 3; i++) {
      expect(await (await callNodeApp(koa, new Request(`${ORIGIN}/`))).text()).toBe('koa');
      expect(await (await callNodeApp(fetchApp, new Request(`${ORIGIN}/`))).text()).toBe('fetch');
    }
    expect(callback).toHaveBeenCalledOnce();
    // Once to recognise the shape, once to bind it.
    expect(fetchReads).toBe(2);
  });

  it('createMountHandler refuses a wrong app when it is built, without touching a right one', async () => {
    expect(() => createMountHandler({} as never, {}, fixedHost)).toThrow(TypeError);
    expect(() => createMountHandler(createH3v1App() as never, {}, fixedHost)).toThrow(/toNodeListener/);
    const koa = new Koa();
    const callback = vi.spyOn(koa, 'callback');
    const handle = createMountHandler(koa, {}, fixedHost);
    expect(callback).not.toHaveBeenCalled();
    // Middleware added after mounting is served.
    koa.use((ctx) => {
      ctx.body = `late ${ctx.path}`;
    });
    expect(await (await handle(new Request(`${ORIGIN}/tools/x`), undefined)).text()).toBe('late /x');
  });
});
