/**
 * Real servers and raw clients for the front-door tests: an `http.Server` on 127.0.0.1 with an
 * ephemeral port, closed with every connection it still has; and a `net` client for requests
 * that `fetch` cannot send (raw paths, forbidden methods, Upgrade).
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface TestServer {
  server: Server;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** Starts `http.createServer(listener)` on 127.0.0.1:0. */
export async function startServer(listener: RequestListener, setup?: (server: Server) => void): Promise<TestServer> {
  const server = createServer(listener);
  // Upgraded sockets leave the server's bookkeeping (closeAllConnections skips them) but
  // still hold close() open: remember every connection to end them all.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  setup?.(server);
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
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** Opens a TCP connection to the server. */
export function connectTo(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Sends `head` (a request head, CRLFs added) on a fresh connection with `Connection: close`
 * and returns everything the server wrote until it closed the connection.
 */
export async function rawRequest(port: number, lines: string[]): Promise<string> {
  const socket = await connectTo(port);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write([...lines, 'Connection: close', '', ''].join('\r\n'));
  await closed;
  return Buffer.concat(chunks).toString('latin1');
}

/** The status code of a raw HTTP/1.1 response. */
export function statusOf(raw: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? NaN);
}

/** The body of a raw HTTP/1.1 response (read to the close), de-chunked if it was chunked. */
export function bodyOf(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split);
  let body = raw.slice(split + 4);
  if (!/\r\ntransfer-encoding: *chunked/i.test(head)) return body;
  let out = '';
  for (;;) {
    const eol = body.indexOf('\r\n');
    const size = parseInt(body.slice(0, eol), 16);
    if (!(size > 0)) return out;
    out += body.slice(eol + 2, eol + 2 + size);
    body = body.slice(eol + 2 + size + 2);
  }
}
