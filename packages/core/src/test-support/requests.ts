/**
 * Building Fetch `Request`s the way hosts hand them to `callNodeApp`, for the integration tests.
 */
import { createHash, randomBytes } from 'node:crypto';

/** `RequestInit` plus `duplex`, which Node requires for a streamed body and TS's DOM lib lacks. */
export type StreamedRequestInit = RequestInit & { duplex: 'half' };

const encoder = new TextEncoder();

/**
 * A body stream that yields `parts` one by one, so the app receives it in several chunks and
 * the Request carries no length: what a host gets from a client that streams its upload.
 */
export function streamOf(...parts: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const queue = parts.map((p) => (typeof p === 'string' ? encoder.encode(p) : p));
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = queue.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(next);
    },
  });
}

/** A Request whose body is a stream of `parts` and which has no `content-length`. */
export function streamedRequest(url: string, init: Omit<RequestInit, 'body'> & { parts: (string | Uint8Array)[] }): Request {
  const { parts, ...rest } = init;
  const streamed: StreamedRequestInit = { method: 'POST', ...rest, body: streamOf(...parts), duplex: 'half' };
  return new Request(url, streamed);
}

/** A Request with a fixed body and the `content-length` a real client would have sent. */
export function sizedRequest(url: string, init: RequestInit & { body: string | Uint8Array }): Request {
  const length = typeof init.body === 'string' ? encoder.encode(init.body).byteLength : init.body.byteLength;
  const headers = new Headers(init.headers);
  headers.set('content-length', String(length));
  return new Request(url, { method: 'POST', ...init, headers });
}

/** Random bytes of the given size, as a plain Uint8Array (a Blob/Request body). */
export function randomData(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  bytes.set(randomBytes(size));
  return bytes;
}

/** Hex SHA-256 of some bytes, for comparing large bodies without printing them. */
export function sha256(data: Uint8Array | ArrayBuffer): string {
  return createHash('sha256')
    .update(data instanceof ArrayBuffer ? new Uint8Array(data) : data)
    .digest('hex');
}
