/**
 * One HTTP/1.1 GET over a plain TCP socket, for checks at the byte level: the request head is
 * written exactly as given (no `Accept-Encoding` unless the test sends one, unlike `fetch`), the
 * answer is read until the server closes (`Connection: close`) and parsed by hand. Only the
 * chunked framing is removed; the body stays in its content coding, as a browser receives it.
 */
import { connect } from 'node:net';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/** An answer as it crossed the wire. */
export interface RawResponse {
  status: number;
  /** Header lines in the order sent, names lower-cased. */
  headers: Array<[name: string, value: string]>;
  /** The body without `Transfer-Encoding: chunked` framing, still content-coded. */
  body: Buffer;
}

/** Every value of header `name` (lower case), in order. */
export function headerValues(response: RawResponse, name: string): string[] {
  return response.headers.filter(([header]) => header === name).map(([, value]) => value);
}

function dechunk(framed: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = framed.indexOf('\r\n', at);
    if (lineEnd < 0) throw new Error('chunked body cut short');
    const size = Number.parseInt(framed.subarray(at, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) throw new Error('bad chunk size');
    if (size === 0) return Buffer.concat(parts);
    const start = lineEnd + 2;
    if (framed.length < start + size + 2) throw new Error('chunked body cut short');
    parts.push(framed.subarray(start, start + size));
    at = start + size + 2;
  }
}

function parse(raw: Buffer): RawResponse {
  const headEnd = raw.indexOf('\r\n\r\n');
  if (headEnd < 0) throw new Error(`no response head in ${raw.length} bytes`);
  const [statusLine, ...lines] = raw.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine ?? '')?.[1]);
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
  });
  const framed = raw.subarray(headEnd + 4);
  const chunked = headers.some(([name, value]) => name === 'transfer-encoding' && /chunked/i.test(value));
  const response = { status, headers, body: chunked ? dechunk(framed) : framed };
  const length = headerValues(response, 'content-length');
  if (!chunked && length.length === 1 && Number(length[0]) !== framed.length) {
    throw new Error(`content-length ${length[0]} but ${framed.length} bytes`);
  }
  return response;
}

/** `GET path` to `origin` with `headers` (plus `Host` and `Connection: close`); rejects after `timeoutMs`. */
export function rawGet(origin: string, path: string, headers: Record<string, string>, timeoutMs: number): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  const head = [
    `GET ${path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error(`no complete answer to GET ${path} within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('end', () => {
      clearTimeout(timer);
      try {
        resolve(parse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    });
    socket.write(`${head.join('\r\n')}\r\nConnection: close\r\n\r\n`);
  });
}

const DECODERS: Record<string, (body: Buffer) => Buffer> = { gzip: gunzipSync, br: brotliDecompressSync, deflate: inflateSync };

/**
 * The body decoded as a browser decodes it: once per coding that `Content-Encoding` names, the
 * last applied first. Throws for a coding it does not know, or bytes that are not in that coding.
 */
export function decodeBody(response: RawResponse): Buffer {
  const codings = headerValues(response, 'content-encoding')
    .flatMap((value) => value.split(','))
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  let body = response.body;
  for (const coding of codings.reverse()) {
    const decode = DECODERS[coding];
    if (!decode) throw new Error(`unknown content coding ${coding}`);
    body = decode(body);
  }
  return body;
}
