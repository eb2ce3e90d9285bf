/**
 * Test-only HTTP servers on 127.0.0.1:0 for the gateway tests: one that serves a listener
 * directly, and one that plays the host — it turns each Node request into a Fetch `Request`,
 * runs the app through `callNodeApp`, and writes the Fetch `Response` back with backpressure,
 * aborting `request.signal` when the client goes away (what Next's route handlers do).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type CallNodeAppOptions, callNodeApp } from '../bridge/call-node-app.js';
import type { NodeApp, NodeRequestListener } from '../bridge/node-app.js';

export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** Listens on an ephemeral loopback port. */
export async function listen(listener: NodeRequestListener): Promise<TestServer> {
  const server = createServer((req, res) => void listener(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The Fetch `Request` a host would build for a Node request (no `..` left, as in a real one). */
export function toFetchRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const init: RequestInit & { duplex: 'half' } = {
    method,
    headers,
    signal,
    duplex: 'half',
    body: hasBody ? (Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>) : null,
  };
  return new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, init);
}

/** Writes a Fetch `Response` to a Node response, streaming its body at the client's pace. */
export async function sendFetchResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: string[] = [];
  for (const [name, value] of response.headers) if (name !== 'set-cookie') headers.push(name, value);
  for (const cookie of response.headers.getSetCookie()) headers.push('set-cookie', cookie);
  res.writeHead(response.status, response.statusText || undefined, headers);
  if (response.body === null) {
    res.end();
    return;
  }
  await pipeline(Readable.fromWeb(response.body as never), res);
}

/**
 * Serves `app` through `callNodeApp`, as a Next route handler would. `options(req)` gives the
 * call's options (mount path, identity…); the client's address is passed on.
 */
export function serveThroughGraft(app: NodeApp, options: (req: IncomingMessage) => CallNodeAppOptions): Promise<TestServer> {
  return listen(graftHandler(app, options));
}

/** The host's request handler of {@link serveThroughGraft}, for servers that add their own rules. */
export function graftHandler(
  app: NodeApp,
  options: (req: IncomingMessage) => CallNodeAppOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort(new Error('client disconnected'));
    });
    try {
      const response = await callNodeApp(app, toFetchRequest(req, controller.signal), {
        remoteAddress: req.socket.remoteAddress,
        remotePort: req.socket.remotePort,
        ...options(req),
      });
      await sendFetchResponse(response, res);
    } catch (error) {
      if (controller.signal.aborted) return;
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`host error: ${String(error)}`);
      } else res.destroy();
    }
  };
}
