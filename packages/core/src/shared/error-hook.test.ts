import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { callNodeApp } from '../bridge/call-node-app.js';
import { createMountServer } from '../front-door/mount-server.js';
import { toNodeListener } from '../front-door/to-node-listener.js';
import { cgi } from '../gateways/cgi/cgi.js';
import { CgiProtocolError } from '../gateways/cgi/cgi-headers.js';
import { GatewayError } from '../gateways/gateway-failure.js';
import { proxy } from '../gateways/proxy/proxy.js';
import { startServer, type TestServer } from '../test-support/http-server.js';
import { consultErrorHook, type GraftErrorHandler, type GraftErrorInfo } from './error-hook.js';

const MODES_SCRIPT = fileURLToPath(new URL('../test-support/cgi/modes.pl', import.meta.url));

/** The headers every plain-text answer of Graft carries, Fetch or Node side. */
const PLAIN_TEXT = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  vi.restoreAllMocks();
});

async function serve(listener: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const server = await startServer(listener);
  servers.push(server);
  return server;
}

/** An upstream that hangs up on every request: the proxy's request fails with ECONNRESET. */
function hangingUp(): Promise<TestServer> {
  return serve((req) => req.socket.destroy());
}

/** One hook for every product: records what it was told and, with `answer`, answers a 503 naming `where`. */
function recordingHook(answer = true): { hook: GraftErrorHandler; seen: Array<[unknown, GraftErrorInfo]> } {
  const seen: Array<[unknown, GraftErrorInfo]> = [];
  const hook: GraftErrorHandler = (error, info) => {
    seen.push([error, info]);
    if (answer) return new Response(`sorry (${info.where})`, { status: 503 });
  };
  return { hook, seen };
}

function headersOf(response: Response): Record<string, string> {
  return Object.fromEntries(response.headers);
}

describe('consultErrorHook', () => {
  const info: GraftErrorInfo = { where: 'app', headersSent: false };

  it('logs to the fallback without a hook, and answers nothing', () => {
    const fallback = vi.fn();
    const answer = vi.fn();
    consultErrorHook(undefined, new Error('x'), info, fallback, answer);
    expect(fallback).toHaveBeenCalledWith(new Error('x'));
    expect(answer).toHaveBeenCalledWith(undefined);
  });

  it('answers a synchronous hook synchronously, with its Response only', () => {
    const answer = vi.fn();
    const response = new Response('custom');
    consultErrorHook(() => response, new Error('x'), info, vi.fn(), answer);
    expect(answer).toHaveBeenCalledWith(response);
    consultErrorHook(() => 'not a response' as never, new Error('x'), info, vi.fn(), answer);
    expect(answer).toHaveBeenLastCalledWith(undefined);
  });

  it('waits for an async hook, and logs a hook that throws or rejects instead of throwing', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = new Response('later');
    await expect(new Promise((resolve) => consultErrorHook(async () => response, 1, info, vi.fn(), resolve))).resolves.toBe(response);
    const thrown = vi.fn();
    consultErrorHook(
      () => {
        throw new Error('hook bug');
      },
      1,
      info,
      vi.fn(),
      thrown,
    );
    expect(thrown).toHaveBeenCalledWith(undefined);
    await expect(
      new Promise((resolve) => consultErrorHook(() => Promise.reject(new Error('hook bug')), 1, info, vi.fn(), resolve)),
    ).resolves.toBeUndefined();
    expect(logged).toHaveBeenCalledTimes(2);
    expect(logged.mock.calls[0]![0]).toBe('[graft] onError failed:');
  });
});

describe('one onError contract across bridge, front door and gateways', () => {
  it('callNodeApp: where "app", with the Request; the returned Response replaces the 500', async () => {
    const { hook, seen } = recordingHook();
    const request = new Request('http://x/tools/a');
    const response = await callNodeApp(
      () => {
        throw new Error('boom');
      },
      request,
      { onError: hook },
    );
    expect(response.status).toBe(503);
    expect(seen).toEqual([[new Error('boom'), { where: 'app', request, headersSent: false }]]);
  });

  it('toNodeListener: where "app", with the Request and the Node request', async () => {
    const { hook, seen } = recordingHook();
    const { origin } = await serve(
      toNodeListener(
        () => {
          throw new Error('boom');
        },
        { onError: hook },
      ),
    );
    const response = await fetch(`${origin}/x`);
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('sorry (app)');
    const [[error, info]] = seen as [[unknown, GraftErrorInfo]];
    expect(error).toEqual(new Error('boom'));
    expect(info).toMatchObject({ where: 'app', headersSent: false });
    expect(info.request?.url).toBe(`${origin}/x`);
    expect(info.req?.url).toBe('/x');
  });

  it('createMountServer: where "app" or "identity", with the Node request; a returned Response replaces the 500', async () => {
    const { hook, seen } = recordingHook();
    const front = createMountServer({
      mounts: {
        '/node': () => {
          throw new Error('app boom');
        },
      },
      identity: (req) => {
        if (req.headers['x-fail-identity']) throw new Error('identity boom');
        return null;
      },
      onError: hook,
    });
    const { origin } = await serve(front);
    const failed = await fetch(`${origin}/node/a`);
    expect(failed.status).toBe(503);
    expect(await failed.text()).toBe('sorry (app)');
    const noIdentity = await fetch(`${origin}/node/a`, { headers: { 'x-fail-identity': '1' } });
    expect(await noIdentity.text()).toBe('sorry (identity)');
    expect(seen.map(([error, info]) => [(error as Error).message, info.where, info.req?.headers.host !== undefined, info.request])).toEqual(
      [
        ['app boom', 'app', true, undefined],
        ['identity boom', 'identity', true, undefined],
      ],
    );
  });

  it('createMountServer: a hook that answers nothing keeps the plain-text 500', async () => {
    const { hook, seen } = recordingHook(false);
    const front = createMountServer({
      mounts: {
        '/node': () => {
          throw new Error('app boom');
        },
      },
      onError: hook,
    });
    const { origin } = await serve(front);
    const failed = await fetch(`${origin}/node/a`);
    expect(failed.status).toBe(500);
    expect(headersOf(failed)).toMatchObject({ ...PLAIN_TEXT, 'content-length': '21' });
    expect(await failed.text()).toBe('Internal Server Error');
    expect(seen).toHaveLength(1);
  });

  it('cgi: a CgiProtocolError (GRAFT_CGI_PROTOCOL), where "cgi"; the hook answers instead of the 502 and logger gets no failure line', async () => {
    const { hook, seen } = recordingHook();
    const logs: string[] = [];
    const { origin } = await serve(cgi({ command: 'perl', args: [MODES_SCRIPT], logger: (m) => logs.push(m), onError: hook }));
    const response = await fetch(`${origin}/crash`);
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('sorry (cgi)');
    const [[error, info]] = seen as [[unknown, GraftErrorInfo]];
    expect(error).toBeInstanceOf(CgiProtocolError);
    expect(error).toMatchObject({ code: 'GRAFT_CGI_PROTOCOL', message: expect.stringMatching(/exited \(code 3\) before completing/) });
    expect(info).toMatchObject({ where: 'cgi', headersSent: false });
    expect(info.req?.url).toBe('/crash');
    // The script's stderr still goes to the logger; the failure went to the hook.
    expect(logs.some((line) => /about to crash/.test(line))).toBe(true);
    expect(logs.some((line) => /before completing/.test(line))).toBe(false);
  });

  it('proxy: a GatewayError (GRAFT_GATEWAY_FAILED, the socket error as cause), where "proxy"', async () => {
    const { hook, seen } = recordingHook();
    const { origin } = await serve(proxy((await hangingUp()).origin, { onError: hook }));
    const response = await fetch(`${origin}/x`);
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('sorry (proxy)');
    const [[error, info]] = seen as [[GatewayError, GraftErrorInfo]];
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.code).toBe('GRAFT_GATEWAY_FAILED');
    expect(error.cause).toMatchObject({ code: 'ECONNRESET' });
    expect(info).toMatchObject({ where: 'proxy', headersSent: false });
  });

  it('proxy: a timeout is GRAFT_GATEWAY_TIMEOUT; a hook that answers nothing keeps the plain-text 504', async () => {
    const { hook, seen } = recordingHook(false);
    const silent = await serve(() => {});
    const { origin } = await serve(proxy(silent.origin, { timeout: 100, onError: hook }));
    const response = await fetch(`${origin}/slow`);
    expect(response.status).toBe(504);
    expect(headersOf(response)).toMatchObject(PLAIN_TEXT);
    expect(await response.text()).toBe('Gateway Timeout: the upstream did not answer in time\n');
    expect(seen.map(([error, info]) => [(error as GatewayError).code, info.where])).toEqual([['GRAFT_GATEWAY_TIMEOUT', 'proxy']]);
  });
});

describe('one plain-text responder', () => {
  it("gives the bridge's own answers the same headers as the Node side's, with an exact Content-Length", async () => {
    const response = await callNodeApp(() => {}, new Request('http://x/'), { timeout: 20 });
    expect(response.status).toBe(504);
    const text = 'Gateway Timeout: the embedded app did not answer in time';
    expect(headersOf(response)).toEqual({ ...PLAIN_TEXT, 'content-length': String(text.length) });
    expect(await response.text()).toBe(text);
  });

  it("gives the front door's 404 and a gateway's 502 the same headers", async () => {
    const front = await serve(createMountServer({ mounts: { '/a': () => {} }, listMounts: false }));
    const notFound = await fetch(`${front.origin}/elsewhere`);
    expect(notFound.status).toBe(404);
    expect(headersOf(notFound)).toMatchObject({ ...PLAIN_TEXT, 'content-length': String((await notFound.clone().text()).length) });
    const gateway = await serve(proxy((await hangingUp()).origin, { logger: () => {} }));
    const badGateway = await fetch(`${gateway.origin}/x`);
    expect(badGateway.status).toBe(502);
    expect(headersOf(badGateway)).toMatchObject({ ...PLAIN_TEXT, 'content-length': String((await badGateway.clone().text()).length) });
  });
});
