/**
 * A deliberately naive HTTP/1.1 upstream over raw `net`, for the proxy's framing tests. Like many
 * small servers (Python's `BaseHTTPRequestHandler` apps, hand-rolled ones) it reads a request body
 * only when its handler wants one — by default for POST, PUT and PATCH — and otherwise parses the
 * bytes after a head as the next request on the same keep-alive connection. It honours
 * `Connection: close` (answers, then closes without parsing further), and can answer before
 * reading the body and slam the connection shut, as an upload limit does.
 */
import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';

/** One request the upstream parsed. */
export interface NaiveRequest {
  /** Which TCP connection it came on (1, 2, …, in accept order). */
  connection: number;
  method: string;
  path: string;
  /** Lower-cased names; the last value wins. */
  headers: Record<string, string>;
}

/** How the upstream treats one request. */
export interface NaiveAnswer {
  status?: number;
  body?: string;
  /**
   * Read (and discard) the body announced by Content-Length before answering. Default: for POST,
   * PUT and PATCH; otherwise the answer goes out at once and the body is parsed as a request.
   */
  readBody?: boolean;
  /** After answering, close the connection at once without reading what is left (RST if unread). */
  slam?: boolean;
}

export interface NaiveUpstream {
  origin: string;
  port: number;
  requests: NaiveRequest[];
  /** Connections accepted so far, and how many of them are closed. */
  accepted(): number;
  closed(): number;
  /** Resolves once `check()` holds (re-checked on every request and connection event), or rejects after `ms`. */
  until(check: () => boolean, ms?: number): Promise<void>;
  close(): Promise<void>;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export async function startNaiveUpstream(answer: (request: NaiveRequest) => NaiveAnswer = () => ({})): Promise<NaiveUpstream> {
  const events = new EventEmitter();
  const requests: NaiveRequest[] = [];
  const sockets = new Set<Socket>();
  let accepted = 0;
  let closed = 0;

  const server: Server = createServer((socket) => {
    const connection = ++accepted;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      closed++;
      events.emit('change');
    });
    events.emit('change');
    let buffer = Buffer.alloc(0);
    let pending: { request: NaiveRequest; reply: NaiveAnswer; skip: number } | undefined;
    let done = false;
    const respond = (request: NaiveRequest, reply: NaiveAnswer): boolean => {
      const body = reply.body ?? `${request.method} ${request.path}`;
      const close = reply.slam === true || /close/i.test(request.headers.connection ?? '');
      socket.write(
        `HTTP/1.1 ${reply.status ?? 200} X\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
          (close ? 'connection: close\r\n' : '') +
          `\r\n${body}`,
      );
      events.emit('change');
      if (!close) return false;
      done = true;
      if (reply.slam) socket.end(() => socket.destroy());
      else socket.end();
      return true;
    };
    socket.on('data', (chunk: Buffer) => {
      if (done) return;
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (pending) {
          // Reading a body it wants: answer once it is all there.
          const n = Math.min(pending.skip, buffer.length);
          pending.skip -= n;
          buffer = buffer.subarray(n);
          if (pending.skip > 0) return;
          const { request, reply } = pending;
          pending = undefined;
          if (respond(request, reply)) return;
        }
        const end = buffer.indexOf('\r\n\r\n');
        if (end === -1) return;
        const [requestLine = '', ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
        buffer = buffer.subarray(end + 4);
        const [method = '', path = ''] = requestLine.split(' ');
        const headers: Record<string, string> = {};
        for (const line of lines) {
          const colon = line.indexOf(':');
          if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
        const request: NaiveRequest = { connection, method, path, headers };
        requests.push(request);
        events.emit('change');
        const reply = answer(request);
        const length = Number(headers['content-length'] ?? 0);
        if ((reply.readBody ?? BODY_METHODS.has(method)) && length > 0) pending = { request, reply, skip: length };
        else if (respond(request, reply)) return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    accepted: () => accepted,
    closed: () => closed,
    until: (check, ms = 5000) =>
      new Promise<void>((resolve, reject) => {
        const onChange = (): void => {
          if (!check()) return;
          clearTimeout(timer);
          events.off('change', onChange);
          resolve();
        };
        const timer = setTimeout(() => {
          events.off('change', onChange);
          reject(new Error(`naive upstream: condition not met within ${ms} ms; requests: ${JSON.stringify(requests)}`));
        }, ms);
        events.on('change', onChange);
        onChange();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
