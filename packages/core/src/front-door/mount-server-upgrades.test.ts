/**
 * WebSockets through `createMountServer`, with a real `ws` server behind the front door and a real
 * `ws` client (or a raw socket where a client must misbehave): what the upgrade handler sees of the
 * user, and a client that resets its upgrade while the front door is still resolving who it is.
 */

import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { getGraftContext } from '../bridge/context.js';
import { deferred, orAfter } from '../test-support/deferred.js';
import { connectTo, rawRequest, startServer, statusOf, type TestServer } from '../test-support/http-server.js';
import { createMountServer, type MountServerOptions } from './mount-server.js';

let running: TestServer | undefined;
const wss = new WebSocketServer({ noServer: true });
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** Starts a front server with `options`; remembers every server-side socket it accepts. */
async function front(options: MountServerOptions): Promise<TestServer & { accepted: Socket[] }> {
  const server = createMountServer({ onError: () => {}, ...options });
  const accepted: Socket[] = [];
  running = await startServer(server, (s) => {
    s.on('upgrade', server.upgrade);
    s.on('connection', (socket: Socket) => accepted.push(socket));
  });
  return { ...running, accepted };
}

/** A `ws` upgrade handler that greets each connection with what it saw of the user, as JSON. */
function greetingUpgrade(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void {
  wss.handleUpgrade(req, socket, head, (ws, upgraded) => {
    ws.send(
      JSON.stringify({
        url: upgraded.url,
        identity: getGraftContext(upgraded)?.identity?.id ?? null,
        header: upgraded.headers['x-remote-user'] ?? null,
        forged: upgraded.rawHeaders.filter((name, i) => i % 2 === 0 && /remote.user/i.test(name)).length,
      }),
    );
  });
}

/** Opens a `ws` client and resolves with the first message (or the refusal), within 5 s. */
async function firstMessage(url: string, headers: Record<string, string>): Promise<unknown> {
  const client = new WebSocket(url, { headers });
  const answer = new Promise<unknown>((resolve) => {
    client.once('message', (data) => resolve(JSON.parse(String(data))));
    client.once('unexpected-response', (_req, res) => resolve({ refused: res.statusCode }));
    client.once('error', (error) => resolve({ error: error.message }));
  });
  try {
    return await orAfter(answer, 5000, 'no answer');
  } finally {
    client.terminate();
  }
}

describe('WebSockets through the front door', () => {
  it("gives a ws handler the resolved user and the trusted header, never the client's copies", async () => {
    const { port } = await front({
      mounts: { '/chat': { app: (_req, res) => res.end('page'), upgrade: greetingUpgrade } },
      identity: (req) => (req.headers.cookie === 'session=alice' ? { id: 'alice', name: 'Alice' } : null),
      identityHeader: 'x-remote-user',
    });
    const forged = { 'X-Remote-User': 'mallory', Remote_User: 'mallory' };
    expect(await firstMessage(`ws://127.0.0.1:${port}/chat/room?x=1`, { cookie: 'session=alice', ...forged })).toEqual({
      url: '/room?x=1',
      identity: 'alice',
      header: 'alice',
      forged: 1, // the trusted x-remote-user alone
    });
    expect(await firstMessage(`ws://127.0.0.1:${port}/chat/room`, forged)).toEqual({
      url: '/room',
      identity: null,
      header: null,
      forged: 0,
    });
  });

  it('survives a client that resets its upgrade while the identity is being resolved', async () => {
    const pending = deferred<string | null>();
    const upgrade = vi.fn(greetingUpgrade);
    const { port, accepted } = await front({
      mounts: { '/chat': { app: (_req, res) => res.end('page'), upgrade } },
      identity: () => pending.promise,
    });
    const client = await connectTo(port);
    const asked = new Promise<void>((resolve) => running?.server.once('upgrade', () => resolve()));
    client.write('GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
    await orAfter(asked, 5000, 'no upgrade');
    const serverSide = accepted.at(-1)!;
    // Without a listener, the 'error' below is thrown out of the event loop: the process dies.
    expect(serverSide.listenerCount('error')).toBeGreaterThan(0);
    const closed = new Promise<string>((resolve) => serverSide.once('close', () => resolve('closed')));
    // An RST, not a FIN: the server's next read fails with ECONNRESET on a socket Node's HTTP
    // server no longer watches for errors once it has emitted 'upgrade'.
    client.resetAndDestroy();
    expect(await orAfter(closed, 5000, 'open')).toBe('closed');
    pending.resolve('alice');
    await pending.promise;
    expect(upgrade).not.toHaveBeenCalled();
    expect(statusOf(await rawRequest(port, ['GET /chat HTTP/1.1', 'Host: 127.0.0.1']))).toBe(200);
  });
});
