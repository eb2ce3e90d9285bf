/**
 * `createMountServer` behind a real `http.createServer`, with real Express 5, Koa and Fastify
 * apps and fetch handlers: routing by longest prefix on raw paths, what each app sees, identity
 * resolution and header stripping, fetch mounts, the 404 page, failures and upgrades.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { App as TinyApp } from '@tinyhttp/app';
import express from 'express';
import Fastify from 'fastify';
import { createApp as createH3v1App } from 'h3v1';
import { Hono } from 'hono';
import Koa from 'koa';
import polka from 'polka';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getGraftContext } from '../bridge/context.js';
import { InvalidOptionError } from '../shared/errors.js';
import { deferred, orAfter, within } from '../test-support/deferred.js';
import { bodyOf, connectTo, rawRequest, startServer, statusOf, type TestServer } from '../test-support/http-server.js';
import { randomData, sha256 } from '../test-support/requests.js';
import { BasePathMismatchError } from './base-path.js';
import { getMountContext, getMountIdentity } from './mount-context.js';
import { createMountServer, type MountServer, type MountServerOptions } from './mount-server.js';

let running: TestServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
  vi.unstubAllEnvs();
});

/** Starts a front server with `options` and its upgrade listener. */
async function front(options: MountServerOptions): Promise<TestServer & { front: MountServer }> {
  const server = createMountServer({ onError: () => {}, ...options });
  running = await startServer(server, (s) => s.on('upgrade', server.upgrade));
  return { ...running, front: server };
}

/** GET `path` raw (no normalisation by a client library) and parse the JSON answer. */
// biome-ignore lint/suspicious/noExplicitAny: the JSON the app reported, read ad hoc by each assertion
async function getJson(port: number, path: string, headers: string[] = []): Promise<any> {
  const raw = await rawRequest(port, [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...headers]);
  expect(statusOf(raw)).toBe(200);
  return JSON.parse(bodyOf(raw));
}

/** What a Node app saw: its name, the URL triple and `req.graft` without the request. */
function describeRequest(name: string, req: IncomingMessage) {
  const r = req as IncomingMessage & { baseUrl?: string; originalUrl?: string };
  const graft = getGraftContext(req);
  return {
    app: name,
    url: r.url,
    baseUrl: r.baseUrl,
    originalUrl: r.originalUrl,
    mountPath: graft?.mountPath,
    pathInfo: graft?.pathInfo,
    identity: graft?.identity ?? null,
  };
}

function expressEcho(name: string) {
  const app = express();
  app.get('/notes/:id', (req, res) => {
    res.json({ id: req.params.id, link: `${req.baseUrl}/notes/${req.params.id}` });
  });
  app.use((req, res, next) => (req.path.startsWith('/missing') ? next() : res.json(describeRequest(name, req))));
  return app;
}

const plainEcho =
  (name: string) =>
  (req: IncomingMessage, res: ServerResponse): void => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(describeRequest(name, req)));
  };

describe('routing', () => {
  const mounts = () => ({
    '/tools': expressEcho('tools'),
    '/tools/admin': expressEcho('admin'),
    '/': plainEcho('root'),
  });

  it('takes the longest segment-aligned prefix and never matches inside a segment', async () => {
    const { port } = await front({ mounts: mounts() });
    expect((await getJson(port, '/tools')).app).toBe('tools');
    expect((await getJson(port, '/tools/x')).app).toBe('tools');
    expect((await getJson(port, '/tools/admin/users')).app).toBe('admin');
    expect((await getJson(port, '/tools/administrator')).app).toBe('tools');
    expect((await getJson(port, '/toolsbox')).app).toBe('root');
    expect((await getJson(port, '/TOOLS/x')).app).toBe('root');
    expect((await getJson(port, '/%74ools/x')).app).toBe('root');
  });

  it('moves the prefix to req.baseUrl and keeps the raw tail byte for byte', async () => {
    const { port } = await front({ mounts: mounts() });
    expect(await getJson(port, '/tools/a%2Fb//c/?q=%20&r=a+b')).toEqual({
      app: 'tools',
      url: '/a%2Fb//c/?q=%20&r=a+b',
      baseUrl: '/tools',
      originalUrl: '/tools/a%2Fb//c/?q=%20&r=a+b',
      mountPath: '/tools',
      pathInfo: '/a%2Fb//c/',
      identity: null,
    });
    expect(await getJson(port, '/tools?x=1')).toMatchObject({ url: '/?x=1', baseUrl: '/tools', pathInfo: '/' });
    expect(await getJson(port, '/tools/')).toMatchObject({ url: '/', baseUrl: '/tools' });
    expect(await getJson(port, '/toolsbox?y')).toMatchObject({ url: '/toolsbox?y', baseUrl: '', originalUrl: '/toolsbox?y' });
  });

  it('lets Express route, build links and answer its own 404 under the prefix', async () => {
    const { port } = await front({ mounts: mounts() });
    expect(await getJson(port, '/tools/notes/42')).toEqual({ id: '42', link: '/tools/notes/42' });
    const missing = await rawRequest(port, ['GET /tools/missing HTTP/1.1', 'Host: 127.0.0.1']);
    expect(statusOf(missing)).toBe(404);
    expect(bodyOf(missing)).toContain('Cannot GET /tools/missing');
  });

  it('reduces an absolute-form target to its path and refuses a target without one', async () => {
    const { port } = await front({ mounts: mounts() });
    expect(await getJson(port, 'http://127.0.0.1/tools/x?y=1')).toMatchObject({ app: 'tools', url: '/x?y=1' });
    const star = await rawRequest(port, ['OPTIONS * HTTP/1.1', 'Host: 127.0.0.1']);
    expect(statusOf(star)).toBe(400);
  });

  it('serves Koa and Fastify apps under their prefixes', async () => {
    const koa = new Koa();
    koa.use((ctx) => {
      ctx.body = { path: ctx.path, query: ctx.querystring, base: (ctx.req as { baseUrl?: string }).baseUrl };
    });
    const fastify = Fastify();
    fastify.get('/hi', async (request) => ({ url: request.url, user: getGraftContext(request.raw)?.identity?.id }));
    const { port } = await front({ mounts: { '/koa': koa, '/fast': fastify }, identity: () => 'alice' });
    expect(await getJson(port, '/koa/a/b?c=1')).toEqual({ path: '/a/b', query: 'c=1', base: '/koa' });
    expect(await getJson(port, '/fast/hi')).toEqual({ url: '/hi', user: 'alice' });
    await fastify.close();
  });

  it('serves tinyhttp and polka apps (handler(req, res)) under their prefixes, with identity', async () => {
    const tiny = new TinyApp();
    tiny.get('/hi', (req, res) => void res.json(describeRequest('tiny', req)));
    const polkaApp = polka().get('/hi', (req: IncomingMessage, res: ServerResponse) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(describeRequest('polka', req)));
    });
    const { port } = await front({ mounts: { '/tiny': tiny, '/polka': polkaApp }, identity: () => 'alice' });
    expect(await getJson(port, '/tiny/hi?x=1')).toMatchObject({
      app: 'tiny',
      mountPath: '/tiny',
      pathInfo: '/hi',
      identity: { id: 'alice' },
    });
    expect(await getJson(port, '/polka/hi')).toMatchObject({ app: 'polka', url: '/hi', mountPath: '/polka', identity: { id: 'alice' } });
  });

  it('serves a fetch app given as { app } (Hono) as a fetch mount, with the mount locals', async () => {
    const hono = new Hono()
      .basePath('/hono')
      .get('/who', (c) => c.json({ user: getMountIdentity(c.req.raw)?.id ?? null, locals: getMountContext(c.req.raw)?.locals ?? null }));
    const { port } = await front({ mounts: { '/hono': { app: hono, locals: { site: 'demo' } } }, identity: () => 'bob' });
    expect(await getJson(port, '/hono/who')).toEqual({ user: 'bob', locals: { site: 'demo' } });
  });

  it('names the accepted app shapes, and the h3 v1 way in, when a mount is no app', () => {
    expect(() => createMountServer({ mounts: { '/a': { nope: true } as never } })).toThrow(/tinyhttp, polka/);
    expect(() => createMountServer({ mounts: { '/h3': createH3v1App() as never } })).toThrow(/toNodeListener\(app\)/);
  });

  it('gives a basePath app (Next) the full path, and checks basePath against the prefix at startup', async () => {
    const { port } = await front({ mounts: { '/docs': { app: plainEcho('next'), basePath: '/docs/' } } });
    expect(await getJson(port, '/docs/guide?x')).toMatchObject({
      app: 'next',
      url: '/docs/guide?x',
      baseUrl: '',
      originalUrl: '/docs/guide?x',
      pathInfo: '/docs/guide',
    });
    expect(() => createMountServer({ mounts: { '/docs': { app: plainEcho('next'), basePath: '/doc' } } })).toThrow(BasePathMismatchError);
    expect(() => createMountServer({ mounts: { '/': { app: plainEcho('next'), basePath: '/docs' } } })).toThrow(BasePathMismatchError);
  });

  it('copies mount locals to req.graft.locals and res.locals', async () => {
    const app = express();
    app.get('/', (req, res) => res.json({ graft: getGraftContext(req)?.locals, res: res.locals }));
    const { port } = await front({ mounts: { '/t': { app, locals: { tenant: 'acme' } } } });
    expect(await getJson(port, '/t')).toEqual({ graft: { tenant: 'acme' }, res: { tenant: 'acme' } });
  });

  it('offers req.graft.request: the full URL and the headers the app sees, no body', async () => {
    const app = express();
    app.post('/view', (req, res) => {
      const request = getGraftContext(req)!.request;
      res.json({ url: request.url, user: request.headers.get('x-remote-user'), body: request.body });
    });
    const { port } = await front({ mounts: { '/t': app }, identity: () => 'alice', identityHeader: 'x-remote-user' });
    const raw = await rawRequest(port, ['POST /t/view?a=1 HTTP/1.1', 'Host: shop.example', 'X-Remote-User: mallory', 'Content-Length: 0']);
    expect(JSON.parse(bodyOf(raw))).toEqual({ url: 'http://shop.example/t/view?a=1', user: 'alice', body: null });
  });
});

describe('identity', () => {
  /** Returns what the app saw of identity headers, in all three views. */
  const identityEcho = (req: IncomingMessage, res: ServerResponse): void => {
    const pick = (name: string) => /user|email|graft/i.test(name);
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        identity: getGraftContext(req)?.identity ?? null,
        headers: Object.fromEntries(Object.entries(req.headers).filter(([n]) => pick(n))),
        raw: req.rawHeaders.filter((_, i, all) => i % 2 === 1 && pick(all[i - 1]!)),
        distinct: Object.fromEntries(Object.entries(req.headersDistinct).filter(([n]) => pick(n))),
        other: req.headers['x-other'],
      }),
    );
  };
  const hostile = [
    'X-Remote-User: mallory',
    'remote_user: mallory',
    'X_FORWARDED_USER: mallory',
    'x-graft-user: mallory',
    'X-Auth-Request-Email: m@evil.example',
    'X-Tenant-User: mallory',
    'x_tenant_user: mallory',
    'X-Other: kept',
  ];
  const sessionIdentity = (req: IncomingMessage) =>
    /session=(\w+)/.exec(req.headers.cookie ?? '')?.[1] ? { id: /session=(\w+)/.exec(req.headers.cookie!)![1]! } : null;

  it('resolves the identity once and delivers it on req.graft and as the only identity header', async () => {
    const identity = vi.fn(sessionIdentity);
    const { port } = await front({ mounts: { '/t': identityEcho }, identity, identityHeader: 'X-Tenant-User' });
    const seen = await getJson(port, '/t', [...hostile, 'Cookie: session=alice']);
    expect(identity).toHaveBeenCalledTimes(1);
    expect(seen).toEqual({
      identity: { id: 'alice' },
      headers: { 'x-tenant-user': 'alice' },
      raw: ['alice'],
      distinct: { 'x-tenant-user': ['alice'] },
      other: 'kept',
    });
  });

  it('strips every client copy from an anonymous request and adds no identity header', async () => {
    const { port } = await front({ mounts: { '/t': identityEcho }, identity: sessionIdentity, identityHeader: 'X-Tenant-User' });
    expect(await getJson(port, '/t', hostile)).toEqual({ identity: null, headers: {}, raw: [], distinct: {}, other: 'kept' });
  });

  it('strips the default identity headers even without an identity function', async () => {
    const { port } = await front({ mounts: { '/': identityEcho } });
    const seen = await getJson(port, '/', hostile);
    // X-Tenant-User is not protected here: only the defaults are.
    expect(seen.headers).toEqual({ 'x-tenant-user': 'mallory', x_tenant_user: 'mallory' });
    expect(seen.identity).toBeNull();
  });

  it('accepts an async identity function', async () => {
    const { port } = await front({
      mounts: { '/': identityEcho },
      identity: async (req) => ({ id: 'bob', email: 'bob@example.com', ua: req.headers['x-other'] }),
    });
    expect((await getJson(port, '/', ['X-Other: agent'])).identity).toEqual({ id: 'bob', email: 'bob@example.com', ua: 'agent' });
  });

  it.each([
    ['rejects', () => Promise.reject(new Error('session store password=hunter2'))],
    [
      'throws',
      () => {
        throw new Error('session store password=hunter2');
      },
    ],
    ['returns an id that could smuggle a header', () => 'alice\r\nx-remote-user: root'],
  ])('answers 500 with nothing leaked and runs no app when the identity function %s', async (_, identity) => {
    const reported: unknown[] = [];
    const app = vi.fn(identityEcho);
    const { port } = await front({ mounts: { '/': app }, identity: identity as never, onError: (e) => void reported.push(e) });
    const raw = await rawRequest(port, ['GET / HTTP/1.1', 'Host: 127.0.0.1']);
    expect(statusOf(raw)).toBe(500);
    expect(bodyOf(raw)).toBe('Internal Server Error');
    expect(app).not.toHaveBeenCalled();
    expect(reported).toHaveLength(1);
  });
});

describe('fetch mounts', () => {
  it('serves a fetch handler with the full URL, the identity header and getMountContext', async () => {
    const identity = vi.fn(() => ({ id: 'alice', name: 'Alice' }));
    const { port } = await front({
      mounts: {
        '/remix': {
          fetch: (request: Request) =>
            Response.json({
              url: request.url,
              header: request.headers.get('x-remote-user'),
              forged: request.headers.get('remote_user'),
              identity: getMountIdentity(request),
              context: { ...getMountContext(request), request: getMountContext(request)?.request === request },
            }),
          locals: { from: 'front' },
        },
        '/': plainEcho('root'),
      },
      identity,
      identityHeader: 'x-remote-user',
    });
    const seen = await getJson(port, '/remix/notes/1?x=%20', ['remote_user: mallory', 'X-Remote-User: mallory']);
    expect(seen).toEqual({
      url: `http://127.0.0.1/remix/notes/1?x=%20`,
      header: 'alice',
      forged: null,
      identity: { id: 'alice', name: 'Alice' },
      context: {
        identity: { id: 'alice', name: 'Alice' },
        locals: { from: 'front' },
        mountPath: '/remix',
        pathInfo: '/notes/1',
        request: true,
      },
    });
    expect(identity).toHaveBeenCalledTimes(1);
  });

  it('calls a (request, loadContext?) handler with the request alone, as Remix needs', async () => {
    const remixLike = (request: Request, loadContext: Record<string, unknown> = {}) =>
      Response.json({ loadContext, path: new URL(request.url).pathname });
    const { port } = await front({ mounts: { '/remix': { fetch: remixLike } } });
    expect(await getJson(port, '/remix/x')).toEqual({ loadContext: {}, path: '/remix/x' });
  });

  it('serves an object with a fetch method (a Hono app) as it is, keeping its this', async () => {
    const honoLike = {
      greeting: 'hello',
      fetch(this: { greeting: string }, request: Request) {
        return new Response(`${this.greeting} ${new URL(request.url).pathname}`);
      },
    };
    const { origin } = await front({ mounts: { '/hono': honoLike } });
    expect(await (await fetch(`${origin}/hono/x`)).text()).toBe('hello /hono/x');
  });

  it('streams the response: the first chunk arrives before the handler makes the second', async () => {
    const second = deferred();
    const { origin } = await front({
      mounts: {
        '/remix': {
          fetch: () =>
            new Response(
              new ReadableStream<Uint8Array>({
                start(c) {
                  c.enqueue(new TextEncoder().encode('one;'));
                },
                async pull(c) {
                  await second.promise;
                  c.enqueue(new TextEncoder().encode('two'));
                  c.close();
                },
              }),
            ),
        },
      },
    });
    const reader = (await fetch(`${origin}/remix/stream`)).body!.getReader();
    const first = await orAfter(reader.read(), 5000, 'stalled' as const);
    expect(first).not.toBe('stalled');
    second.resolve();
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    expect(new TextDecoder().decode((first as ReadableStreamReadResult<Uint8Array>).value) + rest).toBe('one;two');
  });

  it('streams an upload into the handler', async () => {
    const { origin } = await front({
      mounts: { '/up': { fetch: async (request: Request) => new Response(sha256(new Uint8Array(await request.arrayBuffer()))) } },
    });
    const body = randomData(3 * 1024 * 1024 + 5);
    const response = await fetch(`${origin}/up`, { method: 'POST', body });
    expect(await response.text()).toBe(sha256(body));
  });
});

describe('not found', () => {
  it('lists the mounts outside production', async () => {
    const { port } = await front({
      mounts: { '/tools': expressEcho('tools'), '/remix': { fetch: () => new Response() } },
      listMounts: true,
    });
    const raw = await rawRequest(port, ['GET /toolsbox HTTP/1.1', 'Host: 127.0.0.1']);
    expect(statusOf(raw)).toBe(404);
    expect(bodyOf(raw)).toMatch(/no app is mounted at "\/toolsbox"/);
    expect(bodyOf(raw)).toMatch(/\/tools +Node app/);
    expect(bodyOf(raw)).toMatch(/\/remix +fetch handler/);
  });

  it('says only "Not Found" when NODE_ENV is production', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const { port } = await front({ mounts: { '/tools': expressEcho('tools') } });
    const raw = await rawRequest(port, ['GET /elsewhere HTTP/1.1', 'Host: 127.0.0.1']);
    expect(statusOf(raw)).toBe(404);
    expect(bodyOf(raw)).toBe('Not Found');
  });

  it('sends unmatched paths to the default app', async () => {
    const { port } = await front({ mounts: { '/tools': expressEcho('tools') }, default: plainEcho('fallback') });
    expect((await getJson(port, '/elsewhere')).app).toBe('fallback');
  });
});

describe('failures', () => {
  it('answers 500 when a Node app throws or rejects, reports it, and keeps serving', async () => {
    const reported: unknown[] = [];
    const { port } = await front({
      mounts: {
        '/sync': () => {
          throw new Error('sync boom');
        },
        '/async': async () => {
          throw new Error('async boom');
        },
        '/': plainEcho('root'),
      },
      onError: (error) => void reported.push((error as Error).message),
    });
    for (const path of ['/sync', '/async']) {
      const raw = await rawRequest(port, [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1']);
      expect(statusOf(raw)).toBe(500);
      expect(bodyOf(raw)).toBe('Internal Server Error');
    }
    expect(reported).toEqual(['sync boom', 'async boom']);
    expect((await getJson(port, '/ok')).app).toBe('root');
  });

  it('cuts the response short when a Node app fails after sending its head', async () => {
    const headSeen = deferred();
    const { origin } = await front({
      mounts: {
        '/': async (_req: IncomingMessage, res: ServerResponse) => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('partial');
          await headSeen.promise;
          throw new Error('late');
        },
      },
    });
    const response = await within(fetch(`${origin}/`), 5000, 'the response head');
    expect(response.status).toBe(200);
    headSeen.resolve();
    await expect(response.text()).rejects.toThrow();
  });

  it.each<[string, () => unknown, new (...args: never[]) => Error]>([
    ['a prefix that is not a path', () => createMountServer({ mounts: { tools: plainEcho('x') } }), InvalidOptionError],
    ['the same prefix twice', () => createMountServer({ mounts: { '/a': plainEcho('x'), '/a/': plainEcho('y') } }), InvalidOptionError],
    ['a root and a default', () => createMountServer({ mounts: { '/': plainEcho('x') }, default: plainEcho('y') }), InvalidOptionError],
    ['something that is no app', () => createMountServer({ mounts: { '/a': { nope: true } as never } }), InvalidOptionError],
    ['an invalid identity header', () => createMountServer({ mounts: {}, identityHeader: 'x user' }), InvalidOptionError],
    [
      'a basePath that is not the prefix',
      () => createMountServer({ mounts: { '/a': { app: plainEcho('x'), basePath: '/b' } } }),
      BasePathMismatchError,
    ],
  ])('refuses %s at startup', (_, create, type) => {
    expect(create).toThrow(type);
  });
});

describe('upgrades', () => {
  /** Sends an Upgrade request (plus `extra` bytes in the same packet) and reads the reply head. */
  async function upgradeRequest(port: number, path: string, headers: string[] = [], extra = '') {
    const socket = await connectTo(port);
    let received = '';
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const headRead = new Promise<string>((resolve) => {
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
        if (received.includes('\r\n\r\n')) resolve(received);
      });
      socket.once('close', () => resolve(received));
    });
    socket.write(
      [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: Upgrade', 'Upgrade: echo', ...headers, '', ''].join('\r\n') + extra,
    );
    const head = await orAfter(headRead, 5000, 'no answer');
    return { socket, head, closed, more: () => received.slice(received.indexOf('\r\n\r\n') + 4) };
  }

  /** A raw upgrade handler: 101, what it saw as headers, then echoes the early bytes and the rest. */
  const echoUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const r = req as IncomingMessage & { baseUrl?: string };
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n' +
        `X-Url: ${r.url}\r\nX-Base: ${r.baseUrl}\r\nX-User: ${getGraftContext(req)?.identity?.id ?? '-'}\r\n` +
        `X-Forged: ${req.rawHeaders.some((h) => /remote.user/i.test(h))}\r\n\r\n`,
    );
    if (head.length) socket.write(head);
    socket.pipe(socket);
  };

  it('hands an upgrade to the mount that owns the path, with the path split and identity applied', async () => {
    const { port } = await front({
      mounts: { '/ws': { app: plainEcho('ws'), upgrade: echoUpgrade }, '/': plainEcho('root') },
      identity: () => 'alice',
    });
    const { socket, head, more } = await upgradeRequest(port, '/ws/chat?room=1', ['X-Remote-User: mallory'], 'early');
    expect(head).toMatch(/^HTTP\/1\.1 101 /);
    expect(head).toMatch(/\r\nX-Url: \/chat\?room=1\r\n/);
    expect(head).toMatch(/\r\nX-Base: \/ws\r\n/);
    expect(head).toMatch(/\r\nX-User: alice\r\n/);
    expect(head).toMatch(/\r\nX-Forged: false\r\n/);
    const echoed = new Promise<void>((resolve) => {
      const check = () => (more().includes('early') && more().includes('ping') ? resolve() : undefined);
      socket.on('data', check);
      check();
    });
    socket.write('ping');
    expect(
      await orAfter(
        echoed.then(() => 'echoed'),
        5000,
        'silent',
      ),
    ).toBe('echoed');
    socket.destroy();
  });

  it('refuses an upgrade nobody takes and closes the socket', async () => {
    const { port } = await front({ mounts: { '/ws': { app: plainEcho('ws'), upgrade: echoUpgrade }, '/tools': plainEcho('tools') } });
    for (const path of ['/nowhere', '/tools/x', '/wsx']) {
      const { head, closed } = await upgradeRequest(port, path);
      expect(head).toMatch(/^HTTP\/1\.1 404 /);
      expect(
        await orAfter(
          closed.then(() => 'closed'),
          5000,
          'open',
        ),
      ).toBe('closed');
    }
  });

  it('refuses the upgrade with 500 and runs no handler when the identity cannot be resolved', async () => {
    const upgrade = vi.fn(echoUpgrade);
    const { port } = await front({
      mounts: { '/ws': { app: plainEcho('ws'), upgrade } },
      identity: () => Promise.reject(new Error('store down')),
    });
    const { head, closed } = await upgradeRequest(port, '/ws');
    expect(head).toMatch(/^HTTP\/1\.1 500 /);
    expect(head).not.toContain('store down');
    expect(
      await orAfter(
        closed.then(() => 'closed'),
        5000,
        'open',
      ),
    ).toBe('closed');
    expect(upgrade).not.toHaveBeenCalled();
  });

  it('destroys the socket when the upgrade handler throws, and keeps serving', async () => {
    const reported: unknown[] = [];
    const { port } = await front({
      mounts: {
        '/ws': {
          app: plainEcho('ws'),
          upgrade: () => {
            throw new Error('upgrade boom');
          },
        },
        '/': plainEcho('root'),
      },
      onError: (e) => void reported.push((e as Error).message),
    });
    const { closed } = await upgradeRequest(port, '/ws');
    expect(
      await orAfter(
        closed.then(() => 'closed'),
        5000,
        'open',
      ),
    ).toBe('closed');
    expect(reported).toEqual(['upgrade boom']);
    expect((await getJson(port, '/')).app).toBe('root');
  });
});
