/**
 * The front door's timeouts are those of the `http.Server` it is given to: `createMountServer`
 * returns a listener and sets none of its own. These tests pin Node's defaults that the TSDoc
 * states, and show over a real socket that a client dribbling its request head (slowloris) is
 * cut off by the server's `headersTimeout` before any app, or the identity function, runs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { orAfter } from '../test-support/deferred.js';
import { connectTo, type TestServer } from '../test-support/http-server.js';
import { createMountServer } from './mount-server.js';

let running: TestServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

function counting() {
  const seen = { identity: 0, app: 0 };
  const front = createMountServer({
    mounts: {
      '/': (_req: IncomingMessage, res: ServerResponse) => {
        seen.app++;
        res.end('ok');
      },
    },
    identity: () => {
      seen.identity++;
      return null;
    },
    onError: () => {},
  });
  return { front, seen };
}

describe('timeouts of the server createMountServer runs in', () => {
  it("uses Node's defaults with http.createServer(front): 60 s for the head, 300 s for the request, 5 s keep-alive", () => {
    const server = createServer(counting().front);
    expect(server.headersTimeout).toBe(60_000);
    expect(server.requestTimeout).toBe(300_000);
    expect(server.keepAliveTimeout).toBe(5_000);
    // No idle-socket timeout: a request whose app never answers is held until the app ends it.
    expect(server.timeout).toBe(0);
  });

  it('cuts off a client that dribbles its request head, with 408, before identity or any app runs', async () => {
    const { front, seen } = counting();
    // Small timeouts, set as createServer's options; the check interval bounds the reaction.
    const server = createServer({ headersTimeout: 300, requestTimeout: 1000, connectionsCheckingInterval: 50 }, front);
    running = await startWith(server);

    const socket = await connectTo(running.port);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const closed = new Promise<string>((resolve) => socket.once('close', () => resolve('closed')));
    socket.on('error', () => {});
    // One header byte every 20 ms: never a complete head, always some traffic.
    const head = `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'a'.repeat(1000)}`;
    let sent = 0;
    const dribble = setInterval(() => {
      if (socket.writable && sent < head.length) socket.write(head[sent++]!);
    }, 20);
    const started = Date.now();
    try {
      expect(await orAfter(closed, 5000, 'still open')).toBe('closed');
    } finally {
      clearInterval(dribble);
      socket.destroy();
    }
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(sent).toBeLessThan(head.length);
    expect(seen).toEqual({ identity: 0, app: 0 });
  });
});

/** Listens like `startServer`, for a server made with options of its own. */
async function startWith(server: ReturnType<typeof createServer>): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    server,
    port,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
