import { createHash, randomBytes } from 'node:crypto';
import { InvalidOptionError, MountMismatchError } from '@graft/core';
import type { ActionFunctionArgs as RemixActionArgs, LoaderFunctionArgs as RemixLoaderArgs } from '@remix-run/node';
import type { ActionFunctionArgs as RouterActionArgs, LoaderFunctionArgs as RouterLoaderArgs } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { createRouteHandler, mount } from './mount.js';
import type { RouteArgs } from './route-args.js';
import { createEchoApp, downloadBytes, type EchoReport } from './test-support/echo-app.js';

const ORIGIN = 'http://h.test';

/** The args Remix / React Router pass for a request to `path` under the splat route `tools.$`. */
function argsFor(path: string, init: RequestInit = {}, mountedAt = '/tools'): RouteArgs {
  const request = new Request(ORIGIN + path, init);
  const rest = new URL(request.url).pathname.slice(mountedAt.length + 1);
  return { request, params: { '*': decodeURIComponent(rest) }, context: {} };
}

async function report(response: Response): Promise<EchoReport> {
  expect(response.headers.get('x-echo')).toBe('yes');
  return (await response.json()) as EchoReport;
}

/** Resolves once `events` has an entry starting with `prefix` (the app got that far). */
async function eventually(events: string[], prefix: string): Promise<void> {
  // The app only records what it saw; poll for it, bounded.
  await vi.waitFor(() => expect(events.some((e) => e.startsWith(prefix))).toBe(true), { timeout: 5000, interval: 5 });
}

describe('mount: the app gets the raw path under its mount', () => {
  const { loader } = mount(createEchoApp());

  it('path, query and mount point, byte for byte', async () => {
    const seen = await report(await loader(argsFor('/tools/a%2Fb/c%20d//e/?q=%20x&flag')));
    expect(seen).toMatchObject({
      method: 'GET',
      url: '/a%2Fb/c%20d//e/?q=%20x&flag',
      baseUrl: '/tools',
      originalUrl: '/tools/a%2Fb/c%20d//e/?q=%20x&flag',
    });
  });

  it('the bare mount is the app root', async () => {
    expect((await report(await loader(argsFor('/tools')))).url).toBe('/');
    expect((await report(await loader(argsFor('/tools/?x=1')))).url).toBe('/?x=1');
  });
});

describe('mount: every method reaches the app', () => {
  const { loader, action } = mount(createEchoApp());
  it.each([
    ['GET', 'loader'],
    ['HEAD', 'loader'],
    ['OPTIONS', 'loader'],
    ['POST', 'action'],
    ['PUT', 'action'],
    ['PATCH', 'action'],
    ['DELETE', 'action'],
  ] as const)('%s through the %s', async (method, via) => {
    const response = await (via === 'loader' ? loader : action)(argsFor('/tools/m', { method }));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-echo')).toBe('yes');
    if (method === 'HEAD') expect(await response.text()).toBe('');
    else expect((await report(response)).method).toBe(method);
  });
});

describe('mount: identity', () => {
  it('comes from the resolver, also in the trusted header; forged copies are removed', async () => {
    const seenRequests: Request[] = [];
    const { loader } = mount(createEchoApp(), {
      identity: (request) => {
        seenRequests.push(request);
        return { id: 'alice', name: 'Alice' };
      },
      identityHeader: 'x-remote-user',
    });
    const args = argsFor('/tools/me', { headers: { 'x-remote-user': 'mallory', 'remote-user': 'mallory', X_Remote_User: 'mallory' } });
    const seen = await report(await loader(args));
    expect(seen.identity).toEqual({ id: 'alice', name: 'Alice' });
    expect(seen.remoteUser).toBe('alice');
    expect(seenRequests).toEqual([args.request]);
  });

  it('anonymous: no identity and no forged header either', async () => {
    const { loader } = mount(createEchoApp(), { identity: () => null, identityHeader: 'x-remote-user' });
    const seen = await report(await loader(argsFor('/tools/me', { headers: { 'x-remote-user': 'mallory' } })));
    expect(seen.identity).toBeNull();
    expect(seen.remoteUser).toBeNull();
  });

  it('an identity that cannot be delivered fails the request instead of reaching the app', async () => {
    const { loader } = mount(createEchoApp(), { identity: () => 'alice\r\nx-admin: yes' });
    await expect(loader(argsFor('/tools/me'))).rejects.toThrow(/header value/);
  });
});

describe('mount: anonymous visitors of a protected mount', () => {
  const events: string[] = [];
  const app = createEchoApp(events);

  it('are sent to sign in, with the way back, and the app never runs', async () => {
    const { loader, action } = mount(app, { identity: () => null, requireIdentity: true });
    for (const run of [() => loader(argsFor('/tools/slow?x=1')), () => action(argsFor('/tools/slow', { method: 'POST' }))]) {
      const response = await run();
      expect(response.status).toBe(303);
      const location = new URL(response.headers.get('location')!, ORIGIN);
      expect(location.pathname).toBe('/login');
      expect(location.searchParams.get('redirectTo')).toMatch(/^\/tools\/slow/);
    }
    expect(events).toEqual([]);
  });

  it('go to the configured sign-in page under the basename (the framework adds the basename back)', async () => {
    const { loader } = mount(app, { identity: () => null, requireIdentity: true, basename: '/site', signInPath: '/auth' });
    const response = await loader(argsFor('/site/tools/x', {}, '/site/tools'));
    const location = new URL(response.headers.get('location')!, ORIGIN);
    expect(location.pathname).toBe('/auth');
    expect(location.searchParams.get('redirectTo')).toBe('/tools/x');
  });

  it('get onAnonymous’s response when given', async () => {
    const { loader } = mount(app, { identity: () => null, onAnonymous: () => new Response('who are you?', { status: 401 }) });
    const response = await loader(argsFor('/tools/x'));
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('who are you?');
  });

  it('still reach the app with a CORS preflight (browsers send it without cookies)', async () => {
    const { loader } = mount(app, { identity: () => null, requireIdentity: true });
    const response = await loader(
      argsFor('/tools/api', { method: 'OPTIONS', headers: { origin: 'http://o.test', 'access-control-request-method': 'POST' } }),
    );
    expect((await report(response)).method).toBe('OPTIONS');
  });
});

describe('mount: bodies stream both ways', () => {
  const { loader, action } = mount(createEchoApp());

  it('an upload arrives whole', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 7);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 100_000) controller.enqueue(bytes.subarray(i, i + 100_000));
        controller.close();
      },
    });
    const response = await action(argsFor('/tools/upload', { method: 'POST', body, duplex: 'half' } as RequestInit));
    expect(await response.json()).toEqual({
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  it('a download arrives byte for byte', async () => {
    const size = 2 * 1024 * 1024 + 3;
    const response = await loader(argsFor(`/tools/download/${size}`));
    expect(Buffer.from(await response.arrayBuffer()).equals(downloadBytes(size))).toBe(true);
  });
});

describe('mount: ends other than an answer', () => {
  it('a client that leaves gets an empty response, and the app sees its connection close', async () => {
    const events: string[] = [];
    const { loader } = mount(createEchoApp(events));
    const controller = new AbortController();
    const pending = loader(argsFor('/tools/slow', { signal: controller.signal }));
    await eventually(events, 'started /tools/slow');
    controller.abort();
    const response = await pending;
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    await eventually(events, 'closed /tools/slow');
    expect(events).toContain('closed /tools/slow finished=false');
  });

  it('timeout is forwarded to core: an app that never answers gives 504', async () => {
    const { loader } = mount(createEchoApp(), { timeout: 20 });
    expect((await loader(argsFor('/tools/slow'))).status).toBe(504);
  });

  it('onError is forwarded to core and may answer for the app', async () => {
    const errors: unknown[] = [];
    // A plain listener that throws (Express would answer its own 500 and never throw).
    const failing = () => {
      throw new Error('boom');
    };
    const { loader } = mount(failing, {
      onError: (error) => {
        errors.push(error);
        return new Response('sorry', { status: 503 });
      },
    });
    const response = await loader(argsFor('/tools/boom'));
    expect(response.status).toBe(503);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('boom');
  });
});

describe('mount: options', () => {
  it('locals as a function of the route args reach req.graft.locals', async () => {
    const { loader } = mount(createEchoApp(), { locals: (_request, args) => ({ splat: args.params['*'], host: 'test' }) });
    expect((await report(await loader(argsFor('/tools/a/b')))).locals).toEqual({ splat: 'a/b', host: 'test' });
  });

  it('remoteAddress is what the app sees as req.ip', async () => {
    const { loader } = mount(createEchoApp(), { remoteAddress: (_request, args) => (args.context as { ip?: string }).ip ?? '203.0.113.9' });
    expect((await report(await loader(argsFor('/tools/ip')))).ip).toBe('203.0.113.9');
  });

  it('a prefix that disagrees with the route is a wiring error, before the app runs', async () => {
    const events: string[] = [];
    const { loader } = mount(createEchoApp(events), { prefix: '/other' });
    await expect(loader(argsFor('/tools/slow'))).rejects.toBeInstanceOf(MountMismatchError);
    expect(events).toEqual([]);
  });

  it('a route without a splat needs the prefix', async () => {
    const handler = createRouteHandler(createEchoApp());
    await expect(handler({ request: new Request(`${ORIGIN}/tools/x`), params: {} })).rejects.toBeInstanceOf(InvalidOptionError);
    const withPrefix = createRouteHandler(createEchoApp(), { prefix: '/tools' });
    expect((await report(await withPrefix({ request: new Request(`${ORIGIN}/tools/x`), params: {} }))).url).toBe('/x');
  });

  it('another splat param name', async () => {
    const { loader } = mount(createEchoApp(), { param: 'rest' });
    const seen = await report(await loader({ request: new Request(`${ORIGIN}/tools/a/b`), params: { rest: 'a/b' } }));
    expect(seen.baseUrl).toBe('/tools');
  });

  it('bad options are refused when the route is built', () => {
    expect(() => mount(createEchoApp(), { prefix: '/a?b' })).toThrow(InvalidOptionError);
    expect(() => mount(createEchoApp(), { identity: 'alice' as never })).toThrow(InvalidOptionError);
  });

  it("the app's redirects are handed over without the basename (the framework adds it back)", async () => {
    const { loader } = mount(createEchoApp(), { basename: '/site' });
    const response = await loader(argsFor('/site/tools/go-home', {}, '/site/tools'));
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/tools/echo/home');
  });
});

describe('mount: fits both frameworks', () => {
  it("is a loader and an action by each framework's own types (checked by tsc)", async () => {
    const { loader, action } = mount(createEchoApp());
    const remixLoader: (args: RemixLoaderArgs) => Promise<Response> = loader;
    const remixAction: (args: RemixActionArgs) => Promise<Response> = action;
    const routerLoader: (args: RouterLoaderArgs) => Promise<Response> = loader;
    const routerAction: (args: RouterActionArgs) => Promise<Response> = action;
    const args = argsFor('/tools/typed') as RouterLoaderArgs & RemixLoaderArgs;
    for (const run of [remixLoader, remixAction, routerLoader, routerAction]) expect((await report(await run(args))).url).toBe('/typed');
  });
});
