/**
 * The fetch path of `callNodeApp` (Hono, h3 v2, `{ fetch }` handlers): what the handler sees —
 * the URL unchanged, the mount context and identity linked to its `Request`, identity headers
 * fixed — and how its answers and failures reach the host, under the Node path's rules: timeout,
 * client gone, `onError` (`where: 'app'`), streaming both ways, `HEAD`.
 */

import { H3, HTTPError } from 'h3';
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMountHandler } from '../adapter/mount-handler.js';
import type { MountHost } from '../adapter/mount-host.js';
import type { MountHandlerOptions } from '../adapter/mount-options.js';
import { callNodeApp, type FetchErrorInfo, getMountContext, getMountIdentity, InvalidIdentityError, MountMismatchError } from '../index.js';
import { splitMount, splitUrl } from '../shared/mount-path.js';
import { deferred, within } from '../test-support/deferred.js';
import { sizedRequest, streamedRequest } from '../test-support/requests.js';

const ORIGIN = 'https://wiki.example';
const encoder = new TextEncoder();

/** A `{ fetch }` app from a handler, as users pass a bare `(request) => Response`. */
const fetchApp = (fetch: (request: Request) => unknown) => ({ fetch: fetch as (request: Request) => Response });

function errorLog() {
  const calls: [unknown, FetchErrorInfo][] = [];
  return { calls, onError: (error: unknown, info: FetchErrorInfo) => void calls.push([error, info]) };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('what a fetch app sees', () => {
  it('gets the URL unchanged, its mount point and locals from getMountContext, the identity from getMountIdentity', async () => {
    const app = new Hono().basePath('/tools').get('/pages/:name', (c) => {
      const context = getMountContext(c.req.raw);
      return c.json({
        url: c.req.url,
        name: c.req.param('name'),
        mountPath: context?.mountPath,
        pathInfo: context?.pathInfo,
        locals: context?.locals,
        identity: getMountIdentity(c.req.raw),
      });
    });
    const request = new Request(`${ORIGIN}/tools/pages/a%20b?x=1`);
    const response = await callNodeApp(app, request, {
      pathInfo: '/pages/a b',
      identity: { id: 'alice', name: 'Alice' },
      locals: { tenant: 't1' },
    });
    expect(await response.json()).toEqual({
      url: `${ORIGIN}/tools/pages/a%20b?x=1`,
      name: 'a b',
      mountPath: '/tools',
      pathInfo: '/pages/a%20b',
      locals: { tenant: 't1' },
      identity: { id: 'alice', name: 'Alice' },
    });
  });

  it('gets the host’s own Request when no header has to change, and anonymous is null', async () => {
    let received: Request | undefined;
    const app = fetchApp((request) => {
      received = request;
      return new Response(JSON.stringify(getMountIdentity(request)));
    });
    const request = new Request(`${ORIGIN}/x`, { headers: { cookie: 'a=1' } });
    expect(await (await callNodeApp(app, request, { identity: null, identityHeader: 'x-remote-user' })).text()).toBe('null');
    expect(received).toBe(request);
  });

  it('gets a copy without the client’s identity headers, with the trusted one; the host’s Request is untouched', async () => {
    let received: Request | undefined;
    const app = fetchApp(async (request) => {
      received = request;
      return Response.json({
        headers: Object.fromEntries(request.headers),
        body: await request.text(),
        identity: getMountIdentity(request),
      });
    });
    const forged = { 'x-remote-user': 'mallory', X_Forwarded_User: 'mallory', 'remote-user': 'mallory', 'x-kept': '1' };
    const request = streamedRequest(`${ORIGIN}/tools/x`, { parts: ['up', 'load'], headers: forged });
    const response = await callNodeApp(app, request, { mountPath: '/tools', identity: 'alice', identityHeader: 'X-Remote-User' });
    const seen = await response.json();
    expect(seen.headers).toEqual({ 'x-kept': '1', 'x-remote-user': 'alice' });
    expect(seen.body).toBe('upload');
    expect(seen.identity).toEqual({ id: 'alice' });
    expect(received).not.toBe(request);
    expect(getMountContext(received!)?.request).toBe(received);
    expect(request.headers.get('x-remote-user')).toBe('mallory');
  });

  it('is refused before it runs: a prefix that does not fit, an identity that cannot travel, bad options', async () => {
    const handler = vi.fn(() => new Response('ran'));
    const app = fetchApp(handler);
    await expect(callNodeApp(app, new Request(`${ORIGIN}/other/x`), { mountPath: '/tools' })).rejects.toBeInstanceOf(MountMismatchError);
    await expect(callNodeApp(app, new Request(`${ORIGIN}/x`), { identity: 'eve\r\nx: 1' })).rejects.toBeInstanceOf(InvalidIdentityError);
    await expect(callNodeApp(app, new Request(`${ORIGIN}/x`), { timeout: -1 })).rejects.toMatchObject({ code: 'GRAFT_INVALID_OPTION' });
    await expect(callNodeApp(app, new Request(`${ORIGIN}/x`, { signal: AbortSignal.abort(new Error('gone')) }))).rejects.toThrow('gone');
    expect(handler).not.toHaveBeenCalled();
  });

  it('gets a copy with the host’s url and requestHeaders that streams the body and follows the host’s signal', async () => {
    const controller = new AbortController();
    const hostRequest = streamedRequest(`${ORIGIN}/tools/x?q=1`, {
      parts: ['up', 'load'],
      headers: { 'accept-encoding': 'gzip', 'x-kept': '1' },
      signal: controller.signal,
    });
    let received: Request | undefined;
    const app = fetchApp(async (request) => {
      received = request;
      return Response.json({
        url: request.url,
        accept: request.headers.get('accept-encoding'),
        kept: request.headers.get('x-kept'),
        body: await request.text(),
        context: getMountContext(request)?.mountPath,
      });
    });
    const response = await callNodeApp(app, hostRequest, {
      url: `${ORIGIN}/docs/tools/x?q=1`,
      mountPath: '/docs/tools',
      requestHeaders: { 'accept-encoding': 'identity' },
    });
    expect(await response.json()).toEqual({
      url: `${ORIGIN}/docs/tools/x?q=1`,
      accept: 'identity',
      kept: '1',
      body: 'upload',
      context: '/docs/tools',
    });
    expect(received).not.toBe(hostRequest);
    controller.abort(new Error('gone'));
    expect(received!.signal.aborted).toBe(true);
  });

  it('reads a request body as the host streams it', async () => {
    const app = new H3().post('/tools/echo', async (event) => {
      return { length: event.req.headers.get('content-length'), text: await event.req.text() };
    });
    const sized = await callNodeApp(app, sizedRequest(`${ORIGIN}/tools/echo`, { body: 'fixed body' }), { mountPath: '/tools' });
    expect(await sized.json()).toEqual({ length: '10', text: 'fixed body' });
    const streamed = await callNodeApp(app, streamedRequest(`${ORIGIN}/tools/echo`, { parts: ['a', 'b', 'c'] }), { mountPath: '/tools' });
    expect(await streamed.json()).toEqual({ length: null, text: 'abc' });
  });
});

describe('what the host gets back', () => {
  it('the same head as a new, mutable Response, every Set-Cookie kept', async () => {
    const app = new Hono().get('/x', (c) => {
      c.header('set-cookie', 'a=1; Path=/', { append: true });
      c.header('set-cookie', 'b=2; Path=/', { append: true });
      return c.text('made', 201, { 'x-app': 'hono' });
    });
    const response = await callNodeApp(app, new Request(`${ORIGIN}/x`));
    expect(response.status).toBe(201);
    expect(response.headers.get('x-app')).toBe('hono');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    response.headers.set('x-host', 'added');
    expect(await response.text()).toBe('made');

    // Response.redirect() has immutable headers; the host's copy does not.
    const redirect = await callNodeApp(
      fetchApp(() => Response.redirect(`${ORIGIN}/elsewhere`, 303)),
      new Request(`${ORIGIN}/x`),
    );
    expect(redirect.status).toBe(303);
    redirect.headers.set('cache-control', 'no-store');
    expect(redirect.headers.get('location')).toBe(`${ORIGIN}/elsewhere`);
  });

  it('streams the body as the app produces it, and cancelling it cancels the app’s stream', async () => {
    const cancelled = deferred<unknown>();
    const more = deferred();
    const app = fetchApp(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            async start(controller) {
              controller.enqueue(encoder.encode('first'));
              await more.promise;
              controller.enqueue(encoder.encode('second'));
            },
            cancel: (reason) => cancelled.resolve(reason),
          }),
        ),
    );
    const response = await callNodeApp(app, new Request(`${ORIGIN}/x`));
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await within(reader.read(), 5000, 'the first chunk')).value)).toBe('first');
    more.resolve();
    expect(new TextDecoder().decode((await within(reader.read(), 5000, 'the second chunk')).value)).toBe('second');
    await reader.cancel(new Error('client left'));
    expect(await within(cancelled.promise, 5000, "the app's stream cancelled")).toMatchObject({ message: 'client left' });
  });

  it('no body for HEAD, the app’s stream released', async () => {
    const cancelled = deferred();
    const app = fetchApp(
      () =>
        new Response(new ReadableStream({ pull: () => new Promise(() => {}), cancel: () => cancelled.resolve() }), {
          headers: { 'x-len': '5' },
        }),
    );
    const response = await callNodeApp(app, new Request(`${ORIGIN}/x`, { method: 'HEAD' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-len')).toBe('5');
    expect(response.body).toBeNull();
    await within(cancelled.promise, 5000, "the HEAD response's stream cancelled");
  });

  it('an app’s own error answers pass through as answers (h3’s HTTPError, Hono’s 404)', async () => {
    const h3 = new H3().get('/x', () => {
      throw new HTTPError({ status: 418, message: 'short and stout' });
    });
    const log = errorLog();
    const teapot = await callNodeApp(h3, new Request(`${ORIGIN}/x`), { onError: log.onError });
    expect(teapot.status).toBe(418);
    expect(await teapot.json()).toMatchObject({ status: 418, message: 'short and stout' });
    const notFound = await callNodeApp(new Hono(), new Request(`${ORIGIN}/x`), { onError: log.onError });
    expect(notFound.status).toBe(404);
    expect(log.calls).toEqual([]);
  });
});

describe('failures, as on the Node path', () => {
  const failing: [string, (request: Request) => unknown, RegExp][] = [
    [
      'throws',
      () => {
        throw new Error('thrown');
      },
      /thrown/,
    ],
    ['rejects', async () => Promise.reject(new Error('rejected')), /rejected/],
    ['answers undefined', () => undefined, /returned undefined, not a Response/],
    ['answers a Response-like object', () => ({ status: 200 }), /not a Response/],
    ['answers Response.error()', () => Response.error(), /Response\.error\(\)/],
  ];

  it.each(failing)(
    'a handler that %s: onError (where "app", the host’s Request, headersSent false), then a 500',
    async (_name, handler, message) => {
      const log = errorLog();
      const request = new Request(`${ORIGIN}/x`);
      const response = await callNodeApp(fetchApp(handler), request, { onError: log.onError });
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await response.text()).toBe('Internal Server Error');
      expect(log.calls).toHaveLength(1);
      expect(String(log.calls[0]![0])).toMatch(message);
      expect(log.calls[0]![1]).toEqual({ where: 'app', request, headersSent: false });
    },
  );

  it('onError’s Response replaces the 500; a throwing onError rejects the call; no onError logs', async () => {
    const app = fetchApp(() => {
      throw new Error('boom');
    });
    const replaced = await callNodeApp(app, new Request(`${ORIGIN}/x`), { onError: () => new Response('sorry', { status: 503 }) });
    expect(replaced.status).toBe(503);
    expect(await replaced.text()).toBe('sorry');
    const rethrown = callNodeApp(app, new Request(`${ORIGIN}/x`), {
      onError: (error) => {
        throw error;
      },
    });
    await expect(rethrown).rejects.toThrow('boom');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect((await callNodeApp(app, new Request(`${ORIGIN}/x`))).status).toBe(500);
    expect(logged).toHaveBeenCalledWith('[graft] the embedded app failed:', expect.objectContaining({ message: 'boom' }));
  });

  it('a body that fails mid-way is cut short, and onError hears of it with headersSent true', async () => {
    const log = errorLog();
    const app = fetchApp(
      () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              controller.enqueue(encoder.encode('partial'));
              controller.error(new Error('disk gone'));
            },
          }),
        ),
    );
    const request = new Request(`${ORIGIN}/x`);
    const response = await callNodeApp(app, request, { onError: log.onError });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect(log.calls).toHaveLength(1);
    expect(log.calls[0]![0]).toMatchObject({ message: 'disk gone' });
    expect(log.calls[0]![1]).toEqual({ where: 'app', request, headersSent: true });
  });

  it('no Response within timeout: a 504; the late Response’s body is cancelled', async () => {
    const late = deferred<Response>();
    const cancelled = deferred();
    const response = await callNodeApp(
      fetchApp(() => late.promise),
      new Request(`${ORIGIN}/x`),
      { timeout: 30 },
    );
    expect(response.status).toBe(504);
    expect(await response.text()).toBe('Gateway Timeout: the embedded app did not answer in time');
    late.resolve(new Response(new ReadableStream({ cancel: () => cancelled.resolve() })));
    await within(cancelled.promise, 5000, "the late response's body cancelled");
  });

  it('the client leaving before the answer rejects with its reason; the handler’s signal aborts; later failures are not reported', async () => {
    const controller = new AbortController();
    const started = deferred<Request>();
    const answer = deferred<Response>();
    const log = errorLog();
    const app = fetchApp((request) => {
      started.resolve(request);
      return answer.promise;
    });
    const call = callNodeApp(app, new Request(`${ORIGIN}/x`, { signal: controller.signal }), { onError: log.onError, identity: 'a' });
    const received = await within(started.promise, 5000, 'the handler called');
    controller.abort(new Error('client left'));
    await expect(call).rejects.toThrow('client left');
    expect(received.signal.aborted).toBe(true);
    answer.resolve(Promise.reject(new Error('late failure')) as never);
    // The rejection settles in microtasks: one macrotask later it has been heard or ignored.
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.calls).toEqual([]);
  });
});

describe('through createMountHandler (the pipeline of @graft/next and @graft/remix)', () => {
  interface Args {
    tail?: string;
  }
  const host: MountHost<Args> = {
    locate(request, args) {
      return { mountPath: splitMount(splitUrl(request.url).path, { pathInfo: args.tail }).mountPath, base: '' };
    },
    signIn: () => new Response(null, { status: 303, headers: { location: '/login' } }),
  };

  it('runs a Hono app with the located prefix, the resolved identity and locals, and its POST body', async () => {
    const app = new Hono().basePath('/tools/notes').post('/:id', async (c) =>
      c.json({
        path: c.req.path,
        pathInfo: getMountContext(c.req.raw)?.pathInfo,
        user: getMountIdentity(c.req.raw)?.id,
        header: c.req.header('x-remote-user') ?? null,
        locals: getMountContext(c.req.raw)?.locals,
        body: await c.req.text(),
      }),
    );
    const options: MountHandlerOptions<Args> = {
      identity: () => 'alice',
      identityHeader: 'x-remote-user',
      locals: () => ({ theme: 'dark' }),
      requireIdentity: true,
    };
    const handle = createMountHandler(app, options, host);
    const request = streamedRequest(`${ORIGIN}/tools/notes/7`, { parts: ['note ', 'text'], headers: { 'x-remote-user': 'mallory' } });
    const response = await handle(request, { tail: '7' });
    expect(await response.json()).toEqual({
      path: '/tools/notes/7',
      pathInfo: '/7',
      user: 'alice',
      header: 'alice',
      locals: { theme: 'dark' },
      body: 'note text',
    });

    const anonymous = createMountHandler(app, { identity: () => null, requireIdentity: true }, host);
    expect((await anonymous(new Request(`${ORIGIN}/tools/notes/7`, { method: 'POST' }), { tail: '7' })).status).toBe(303);
  });

  it('answers a client that left before the fetch app answered with an empty 204', async () => {
    const controller = new AbortController();
    const started = deferred();
    const handle = createMountHandler(
      fetchApp(() => {
        started.resolve();
        return new Promise(() => {});
      }),
      {},
      host,
    );
    const pending = handle(new Request(`${ORIGIN}/tools/x`, { signal: controller.signal }), { tail: 'x' });
    await within(started.promise, 5000, 'the handler called');
    controller.abort();
    expect((await pending).status).toBe(204);
  });
});
