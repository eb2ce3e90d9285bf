/**
 * The front door's path rule over a real socket: a request reaches an app only through the gate
 * of the mount whose prefix its path really has. Root apps here normalise the path as Next and
 * Remix do (WHATWG URL parsing), so a target the front door matched on its raw bytes but the
 * root app resolves to `/tools/…` (`/./tools/x`, `/%2e/tools/x`, `/x/../tools/x`, …) would reach
 * the root's `/tools` content without the `/tools` gate: such targets are answered 400.
 *
 * Raw TCP throughout: Node's http client and `fetch` would normalise these paths before sending.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { getGraftContext } from '../bridge/context.js';
import { orAfter } from '../test-support/deferred.js';
import { bodyOf, connectTo, rawRequest, startServer, statusOf, type TestServer } from '../test-support/http-server.js';
import { createMountServer, type MountServerOptions } from './mount-server.js';

let running: TestServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const SECRET = 'root tools secret';

/** Signed in with `Cookie: session=alice`, else anonymous. */
const identity = (req: IncomingMessage) => (/\bsession=alice\b/.test(req.headers.cookie ?? '') ? 'alice' : null);

/** The gated mount: only a signed-in user gets past it. */
function gatedTools(req: IncomingMessage, res: ServerResponse): void {
  const signedIn = getGraftContext(req)?.identity;
  res.writeHead(signedIn ? 200 : 401, { 'content-type': 'text/plain' });
  res.end(signedIn ? `tools for ${signedIn.id}` : 'sign in first');
}

/** What a WHATWG-normalising root app routes on, as Next (Node app) or Remix (Request) does. */
function answerRoot(pathname: string): { status: number; body: string } {
  if (pathname === '/tools' || pathname.startsWith('/tools/')) return { status: 200, body: SECRET };
  return { status: 200, body: `root page ${pathname}` };
}

/** A Node root app that routes on `new URL(req.url, base).pathname`, as Node's docs suggest. */
function normalisingNodeRoot(req: IncomingMessage, res: ServerResponse): void {
  const { status, body } = answerRoot(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(body);
}

async function front(options: MountServerOptions): Promise<TestServer> {
  const server = createMountServer({ onError: () => {}, identity, ...options });
  running = await startServer(server, (s) => s.on('upgrade', server.upgrade));
  return running;
}

async function get(port: number, target: string, headers: string[] = []): Promise<{ status: number; body: string }> {
  const raw = await rawRequest(port, [`GET ${target} HTTP/1.1`, 'Host: 127.0.0.1', ...headers]);
  return { status: statusOf(raw), body: bodyOf(raw) };
}

// Each of these resolves, under WHATWG URL parsing, to a path under /tools.
const SMUGGLED = [
  '/./tools/x',
  '/%2e/tools/x',
  '/%2E/tools/x',
  '/x/../tools/x',
  '/x/%2e%2e/tools/x',
  '/x/.%2E/tools/x',
  '/x/%2e./tools/x',
  '/x/..\\tools/x',
  '/x\\..\\tools\\x',
  '/tools#/x',
  '/tools#',
  'http://127.0.0.1/./tools/x',
  'http://127.0.0.1/x/%2e%2e/tools/x',
];

describe('dot-segments and other targets a root app would resolve elsewhere', () => {
  it.each([
    [
      'a fetch handler (Remix) at the root',
      {
        fetch: (request: Request) => {
          const { status, body } = answerRoot(new URL(request.url).pathname);
          return new Response(body, { status });
        },
      },
    ],
    ['a Node app (Next) at the root', normalisingNodeRoot],
  ] as const)('answers 400 and never reaches %s through another mount', async (_, root) => {
    const { port } = await front({ mounts: { '/tools': gatedTools, '/': root } });
    for (const target of SMUGGLED) {
      const answer = await get(port, target);
      expect(answer.body, target).not.toContain(SECRET);
      expect(answer.status, target).toBe(400);
      expect(answer.body, target).toMatch(/^Bad Request: /);
      expect(answer.body, target).not.toMatch(/\bat\b.*\.(?:ts|js):\d+/);
    }
  });

  it('refuses a target starting with // that new URL(req.url, base) reads as a host', async () => {
    const { port } = await front({ mounts: { '/tools': gatedTools, '/': normalisingNodeRoot } });
    for (const target of ['//evil/tools/x', '//127.0.0.1/tools', 'http://127.0.0.1//evil/tools/x']) {
      const answer = await get(port, target);
      expect(answer.body, target).not.toContain(SECRET);
      expect(answer.status, target).toBe(400);
    }
  });

  it('still serves ordinary paths, dots inside segment names included, through the right gate', async () => {
    const { port } = await front({ mounts: { '/tools': gatedTools, '/': normalisingNodeRoot } });
    expect(await get(port, '/tools/x')).toEqual({ status: 401, body: 'sign in first' });
    expect(await get(port, '/tools/x', ['Cookie: session=alice'])).toEqual({ status: 200, body: 'tools for alice' });
    for (const path of ['/.well-known/security.txt', '/a/.hidden', '/a/...', '/a/..b', '/a/b.', '/v1.2/%2e%2ex', '/x?next=/../tools']) {
      expect(await get(port, path), path).toMatchObject({ status: 200, body: expect.stringMatching(/^root page /) });
    }
  });
});

describe('upgrades follow the same rule', () => {
  async function upgrade(port: number, target: string): Promise<string> {
    const socket = await connectTo(port);
    let received = '';
    const done = new Promise<string>((resolve) => {
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
        if (received.includes('\r\n\r\n')) resolve(received);
      });
      socket.once('close', () => resolve(received));
    });
    socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n`);
    const head = await orAfter(done, 5000, 'no answer');
    socket.destroy();
    return head;
  }

  it('refuses a dot-segment upgrade with 400 instead of handing it to the root', async () => {
    const rootUpgrades: string[] = [];
    const rootUpgrade = (req: IncomingMessage, socket: Duplex): void => {
      rootUpgrades.push(req.url ?? '');
      socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n');
    };
    const toolsUpgrade = (_req: IncomingMessage, socket: Duplex): void => {
      socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n');
    };
    const { port } = await front({
      mounts: { '/tools': { app: gatedTools, upgrade: toolsUpgrade }, '/': { app: normalisingNodeRoot, upgrade: rootUpgrade } },
    });
    for (const target of ['/./tools/ws', '/%2e/tools/ws', '/x/../tools/ws', '/x\\..\\tools/ws', '//evil/tools/ws']) {
      expect(await upgrade(port, target), target).toMatch(/^HTTP\/1\.1 400 /);
    }
    expect(rootUpgrades).toEqual([]);
    expect(await upgrade(port, '/tools/ws')).toMatch(/^HTTP\/1\.1 101 /);
  });
});
