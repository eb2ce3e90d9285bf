/**
 * The mount pipeline with a small host of its own (routes get `{ tail }`, the decoded rest of the
 * path, as a catch-all would), real Express apps and real Fetch requests.
 */
import express from 'express';
import { describe, expect, it } from 'vitest';
import { getGraftContext } from '../bridge/context.js';
import { InvalidIdentityError, InvalidOptionError, MountMismatchError } from '../shared/errors.js';
import { splitMount, splitUrl } from '../shared/mount-path.js';
import { deferred } from '../test-support/deferred.js';
import { createMountHandler } from './mount-handler.js';
import type { MountHost, MountLocation } from './mount-host.js';
import type { MountHandlerOptions } from './mount-options.js';
import { signInRedirect } from './sign-in.js';

interface TestArgs {
  /** The decoded path below the route, as a catch-all gives it; `undefined` for none. */
  tail?: string;
}

/** A host that records what the pipeline asked of it. */
function testHost(overrides: Partial<MountHost<TestArgs>> = {}) {
  const calls: string[] = [];
  const host: MountHost<TestArgs> = {
    locate(request, args, prefix) {
      calls.push(`locate ${prefix ?? '-'}`);
      const { path } = splitUrl(request.url);
      if (args.tail === undefined && prefix === undefined) throw new InvalidOptionError('no tail and no prefix');
      return { mountPath: splitMount(path, { pathInfo: args.tail, mountPath: prefix }).mountPath, base: '' };
    },
    signIn(request, location) {
      calls.push(`signIn ${location.mountPath}`);
      const { path, search } = splitUrl(request.url);
      return signInRedirect({ signInPath: '/login', returnParam: 'next', returnTo: path + search });
    },
    ...overrides,
  };
  return { host, calls };
}

/** An Express app that reports what it saw, and records each request that reached it. */
function echoApp() {
  const reached: string[] = [];
  const app = express();
  app.all('/{*rest}', (req, res) => {
    reached.push(`${req.method} ${req.url}`);
    if (req.method === 'OPTIONS') {
      res.set('access-control-allow-origin', 'http://other.test').status(204).end();
      return;
    }
    const { url, baseUrl, originalUrl, ip = null } = req;
    const graft = getGraftContext(req);
    const remoteUser = req.headers['x-remote-user'] ?? null;
    res.json({
      url,
      baseUrl,
      originalUrl,
      ip,
      remoteUser,
      acceptEncoding: req.headers['accept-encoding'] ?? null,
      identity: graft?.identity ?? null,
      locals: graft?.locals ?? null,
      resLocals: { ...res.locals },
    });
  });
  return { app, reached };
}

function mounted(options: MountHandlerOptions<TestArgs> = {}, overrides: Partial<MountHost<TestArgs>> = {}) {
  const { app, reached } = echoApp();
  const { host, calls } = testHost(overrides);
  return { handle: createMountHandler(app, options, host), reached, calls };
}

const get = (url: string, init?: RequestInit) => new Request(`http://h.test${url}`, init);

describe('createMountHandler: the app under its mount point', () => {
  it('runs the app at the mount point the host located, with the raw path below it', async () => {
    const { handle } = mounted();
    const response = await handle(get('/tools/a%2Fb/c%20d/?q=%2F'), { tail: '/a/b/c d/' });
    expect(await response.json()).toMatchObject({
      url: '/a%2Fb/c%20d/?q=%2F',
      baseUrl: '/tools',
      originalUrl: '/tools/a%2Fb/c%20d/?q=%2F',
    });
  });

  it('hands the host the prefix option, normalised', async () => {
    const { handle, calls } = mounted({ prefix: 'tools/' });
    expect((await (await handle(get('/tools/x'), {})).json()).url).toBe('/x');
    expect(calls).toEqual(['locate /tools']);
  });

  it('rejects when the host cannot place the request, before the app runs', async () => {
    const { handle, reached } = mounted({ prefix: '/other' });
    await expect(handle(get('/tools/x'), { tail: '/x' })).rejects.toThrow(MountMismatchError);
    const { handle: unplaced } = mounted();
    await expect(unplaced(get('/tools/x'), {})).rejects.toThrow(InvalidOptionError);
    expect(reached).toEqual([]);
  });

  it('gives the app the URL and the request headers the host prepared, if any', async () => {
    const { handle } = mounted(
      {},
      {
        locate: (request) => ({
          mountPath: '/docs/tools',
          base: '/docs',
          url: request.url.replace('/tools', '/docs/tools'),
          requestHeaders: { 'accept-encoding': 'identity' },
        }),
      },
    );
    const request = get('/tools/x?y=1', { headers: { 'accept-encoding': 'gzip' } });
    expect(await (await handle(request, {})).json()).toMatchObject({
      url: '/x?y=1',
      baseUrl: '/docs/tools',
      originalUrl: '/docs/tools/x?y=1',
      acceptEncoding: 'identity',
    });
  });

  it('refuses bad options when the handler is built', () => {
    const { app } = echoApp();
    const { host } = testHost();
    expect(() => createMountHandler(app, { prefix: '/a?b' }, host)).toThrow(InvalidOptionError);
    expect(() => createMountHandler(app, { identity: 'alice' as never }, host)).toThrow(InvalidOptionError);
    expect(() => createMountHandler(app, { crossOriginProtection: { trustedOrigins: ['partner.test'] } }, host)).toThrow(
      InvalidOptionError,
    );
  });
});

describe('createMountHandler: identity and the sign-in decision', () => {
  it('passes what the resolver returns, with the route arguments, and the trusted header', async () => {
    const seen: unknown[] = [];
    const { handle } = mounted({
      identity: async (request, args) => {
        seen.push(args);
        return { id: 'alice', via: new URL(request.url).pathname };
      },
      identityHeader: 'x-remote-user',
    });
    const args = { tail: '/me' };
    const body = await (await handle(get('/t/me', { headers: { 'x-remote-user': 'mallory' } }), args)).json();
    expect(body).toMatchObject({ identity: { id: 'alice', via: '/t/me' }, remoteUser: 'alice' });
    expect(seen).toEqual([args]);
  });

  it('removes a forged identity header for anonymous visitors too', async () => {
    const { handle } = mounted({ identity: () => null, identityHeader: 'x-remote-user' });
    const body = await (await handle(get('/t/me', { headers: { 'X-Remote-User': 'mallory' } }), { tail: '/me' })).json();
    expect(body).toMatchObject({ identity: null, remoteUser: null });
  });

  it('rejects an identity that could smuggle a header', async () => {
    const { handle } = mounted({ identity: () => 'eve\r\nx-admin: 1' });
    await expect(handle(get('/t/x'), { tail: '/x' })).rejects.toThrow(InvalidIdentityError);
  });

  it("answers anonymous visitors of a protected mount with the host's sign-in, and the app never runs", async () => {
    const { handle, reached, calls } = mounted({ identity: () => null, requireIdentity: true });
    for (const method of ['GET', 'POST', 'DELETE']) {
      const response = await handle(get('/tools/n/1?x=1', { method }), { tail: '/n/1' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/login?next=%2Ftools%2Fn%2F1%3Fx%3D1');
    }
    expect(reached).toEqual([]);
    expect(calls).toEqual(['locate -', 'signIn /tools', 'locate -', 'signIn /tools', 'locate -', 'signIn /tools']);
  });

  it('lets signed-in users through', async () => {
    const { handle, reached } = mounted({ identity: () => 'alice', requireIdentity: true });
    expect((await handle(get('/tools/n'), { tail: '/n' })).status).toBe(200);
    expect(reached).toEqual(['GET /n']);
  });

  it('lets CORS preflights reach the app, since browsers send them without cookies', async () => {
    const { handle, reached } = mounted({ identity: () => null, requireIdentity: true });
    const preflight = get('/tools/api', {
      method: 'OPTIONS',
      headers: { origin: 'http://other.test', 'access-control-request-method': 'PUT' },
    });
    const response = await handle(preflight, { tail: '/api' });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://other.test');
    // An OPTIONS that is not a preflight is an ordinary anonymous request.
    const plain = await handle(get('/tools/api', { method: 'OPTIONS' }), { tail: '/api' });
    expect(plain.status).toBe(303);
    expect(reached).toEqual(['OPTIONS /api']);
  });

  it('uses onAnonymous for the response, with the route arguments, and it implies requireIdentity', async () => {
    const seen: unknown[] = [];
    const { handle, reached, calls } = mounted({
      onAnonymous: (_request, args) => {
        seen.push(args);
        return Response.json({ error: 'sign in first' }, { status: 401 });
      },
    });
    const args = { tail: '/x' };
    expect((await handle(get('/t/x', { method: 'POST', body: 'x' }), args)).status).toBe(401);
    expect(seen).toEqual([args]);
    expect(reached).toEqual([]);
    expect(calls).toEqual(['locate -']);
  });
});

describe('createMountHandler: cross-origin writes', () => {
  const write = (headers: Record<string, string>, method = 'POST') =>
    get('/tools/notes', { method, headers: { host: 'h.test', ...headers }, body: method === 'GET' ? undefined : 'x' });

  it('refuses them with 403 before the host, the identity or the app is asked anything', async () => {
    let resolved = 0;
    const { handle, reached, calls } = mounted({
      crossOriginProtection: true,
      requireIdentity: true,
      identity: () => {
        resolved++;
        return 'alice';
      },
    });
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const response = await handle(write({ origin: 'http://h.test:4444', 'sec-fetch-site': 'same-site' }, method), { tail: '/notes' });
      expect(response.status).toBe(403);
    }
    expect((await handle(write({ origin: 'http://elsewhere.test' }), { tail: '/notes' })).status).toBe(403);
    expect([reached, calls, resolved]).toEqual([[], [], 0]);
  });

  it('lets same-origin writes, non-browser clients, safe methods and trusted origins through', async () => {
    const { handle, reached } = mounted({ crossOriginProtection: { trustedOrigins: ['https://partner.example'] } });
    const args = { tail: '/notes' };
    expect((await handle(write({ origin: 'http://h.test', 'sec-fetch-site': 'same-origin' }), args)).status).toBe(200);
    expect((await handle(write({}), args)).status).toBe(200);
    expect((await handle(write({ 'sec-fetch-site': 'cross-site' }, 'GET'), args)).status).toBe(200);
    expect((await handle(write({ origin: 'https://partner.example', 'sec-fetch-site': 'cross-site' }), args)).status).toBe(200);
    expect(reached).toEqual(['POST /notes', 'POST /notes', 'GET /notes', 'POST /notes']);
  });

  it('is off by default', async () => {
    const { handle } = mounted();
    expect((await handle(write({ 'sec-fetch-site': 'cross-site' }), { tail: '/notes' })).status).toBe(200);
  });
});

describe('createMountHandler: what the app gets besides the request', () => {
  it('computes locals per request from the request and the route arguments', async () => {
    let n = 0;
    const { handle } = mounted({ locals: async (request, args) => ({ n: ++n, method: request.method, tail: args.tail }) });
    const first = await (await handle(get('/t/x'), { tail: '/x' })).json();
    const second = await (await handle(get('/t/x', { method: 'PUT' }), { tail: '/x' })).json();
    expect(first.locals).toEqual({ n: 1, method: 'GET', tail: '/x' });
    expect(first.resLocals).toEqual(first.locals);
    expect(second.locals).toEqual({ n: 2, method: 'PUT', tail: '/x' });
    const fixed = mounted({ locals: { host: 'test' } });
    expect((await (await fixed.handle(get('/t/x'), { tail: '/x' })).json()).locals).toEqual({ host: 'test' });
  });

  it('takes the address from X-Forwarded-For only with trustProxy, and a remoteAddress option first', async () => {
    const request = () => get('/t/x', { headers: { 'x-forwarded-for': '203.0.113.9, ::ffff:127.0.0.1' } });
    const ipOf = async (options: MountHandlerOptions<TestArgs>) =>
      (await (await mounted(options).handle(request(), { tail: '/x' })).json()).ip;
    expect(await ipOf({ trustProxy: true })).toBe('203.0.113.9');
    expect(await ipOf({ trustProxy: 1 })).toBe('::ffff:127.0.0.1');
    expect(await ipOf({})).toBeNull();
    expect(await ipOf({ remoteAddress: (_request, args) => (args.tail === '/x' ? '198.51.100.1' : undefined), trustProxy: true })).toBe(
      '198.51.100.1',
    );
    expect(await ipOf({ remoteAddress: '198.51.100.2' })).toBe('198.51.100.2');
  });
});

describe('createMountHandler: how the answer leaves', () => {
  it("passes the app's response through the host's respond, and nothing else", async () => {
    const responded: string[] = [];
    const respond = (response: Response, request: Request, location: MountLocation) => {
      responded.push(`${response.status} ${new URL(request.url).pathname} ${location.mountPath}`);
      response.headers.set('x-host', 'yes');
      return response;
    };
    const { handle } = mounted(
      { identity: (request) => (request.headers.has('cookie') ? 'alice' : null), requireIdentity: true },
      { respond },
    );
    const app = await handle(get('/tools/x', { headers: { cookie: 'a=1' } }), { tail: '/x' });
    expect(app.headers.get('x-host')).toBe('yes');
    const signIn = await handle(get('/tools/x'), { tail: '/x' });
    expect(signIn.headers.get('x-host')).toBeNull();
    expect(responded).toEqual(['200 /tools/x /tools']);
  });

  it('answers an empty 204, not through respond, to a client that left before the app answered', async () => {
    const appStarted = deferred();
    const appSawClose = deferred();
    const app = express();
    // Never answers: only the client leaving ends this request.
    app.get('/slow', (_req, res) => {
      res.on('close', () => appSawClose.resolve());
      appStarted.resolve();
    });
    const responded: number[] = [];
    const { host } = testHost({
      respond: (response) => {
        responded.push(response.status);
        return response;
      },
    });
    const controller = new AbortController();
    const pending = createMountHandler(app, { timeout: 0 }, host)(get('/t/slow', { signal: controller.signal }), { tail: '/slow' });
    await appStarted.promise;
    controller.abort();
    const response = await pending;
    expect([response.status, response.headers.get('cache-control'), await response.text()]).toEqual([204, 'no-store', '']);
    await appSawClose.promise;
    expect(responded).toEqual([]);
  });

  it('forwards timeout and onError to the call: a returned Response replaces the 500, a thrown error rejects', async () => {
    const { host } = testHost();
    const throwing = () => {
      throw new Error('app failed');
    };
    const replaced = createMountHandler(throwing, { onError: () => new Response('sorry', { status: 503 }) }, host);
    const response = await replaced(get('/t/boom'), { tail: '/boom' });
    expect([response.status, await response.text()]).toEqual([503, 'sorry']);

    const rethrowing = createMountHandler(
      throwing,
      {
        onError: () => {
          throw new Error('rethrown by the host');
        },
      },
      host,
    );
    await expect(rethrowing(get('/t/boom'), { tail: '/boom' })).rejects.toThrow('rethrown by the host');

    const silent = createMountHandler(() => undefined, { timeout: 20 }, host);
    expect((await silent(get('/t/never'), { tail: '/never' })).status).toBe(504);
  });
});
