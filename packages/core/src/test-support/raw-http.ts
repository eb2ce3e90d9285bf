/**
 * A raw HTTP client for tests: the request target and headers go out exactly as given (a URL
 * string would normalise `%2e%2e` away before sending), and the body is read whole.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';

/** Sends one request; resolves with the response head. */
export function rawRequest(
  origin: string,
  path: string,
  init: { method?: string; headers?: Record<string, string | string[]>; body?: Buffer | string } = {},
): Promise<IncomingMessage> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: init.method ?? 'GET', headers: init.headers }, resolve);
    req.on('error', reject);
    // A server may answer before reading an upload (413) and close; Node's client can then report
    // the failed write on the socket after it stopped forwarding socket errors to `req`.
    req.on('socket', (socket) => socket.on('error', () => {}));
    req.end(init.body);
  });
}

/** Reads a response body whole; rejects if the response is cut short. */
export function readAll(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
    res.on('aborted', () => reject(new Error('aborted')));
  });
}
