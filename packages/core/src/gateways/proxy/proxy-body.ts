/**
 * Request-body framing of the proxy gateway: which methods may carry a body to the upstream, on
 * which connections, and a body pump that never lets a byte beyond the declared length reach an
 * upstream connection. An upstream that reads a body differently from the proxy (ignores it on
 * GET, answers before reading it, waits for bytes that never come) would otherwise take the rest
 * of a body as the next request on a pooled connection: request smuggling.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Methods whose request body is refused with 400, nothing sent upstream: RFC 9110 gives a body
 * on GET, HEAD and CONNECT no semantics, and forbids one on TRACE; many servers skip it and
 * read it as the next request.
 */
export const BODY_REFUSED_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'TRACE', 'CONNECT']);

/**
 * Methods whose request body is forwarded, but with `Connection: close` on a connection that is
 * never reused: RFC 9110 defines no use for a DELETE or OPTIONS body, so an upstream may skip it.
 */
export const BODY_UNPOOLED_METHODS: ReadonlySet<string> = new Set(['DELETE', 'OPTIONS']);

/** What the proxy does with a request's body. */
export type BodyPlan =
  | { kind: 'none' }
  | { kind: 'refuse'; reason: string }
  | {
      kind: 'forward';
      /** The declared length, or `undefined` for a chunked (self-delimiting) body. */
      length: number | undefined;
      /** Whether the upstream connection may return to the pool afterwards. */
      pooled: boolean;
    };

/**
 * Decides from the request head. A body is announced by any `Transfer-Encoding` or a
 * `Content-Length` other than 0; every `Content-Length` line must be the same decimal number.
 */
export function planRequestBody(req: IncomingMessage): BodyPlan {
  const method = (req.method ?? 'GET').toUpperCase();
  const lengths: string[] = [];
  let chunked = false;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    if (name === 'content-length') lengths.push(...req.rawHeaders[i + 1]!.split(',').map((v) => v.trim()));
    else if (name === 'transfer-encoding') chunked = true;
  }
  if (lengths.some((v) => !/^\d{1,15}$/.test(v) || Number(v) !== Number(lengths[0]))) {
    return { kind: 'refuse', reason: 'an invalid Content-Length' };
  }
  const length = lengths.length > 0 ? Number(lengths[0]) : undefined;
  if (!chunked && !length) return { kind: 'none' };
  if (BODY_REFUSED_METHODS.has(method)) return { kind: 'refuse', reason: `a body on ${method}` };
  // With Transfer-Encoding the body is what the host decoded; it goes out chunked, any length dropped.
  return { kind: 'forward', length: chunked ? undefined : length, pooled: !BODY_UNPOOLED_METHODS.has(method) };
}

/**
 * Streams `source` into `target` with backpressure, then ends `target`. With a declared `length`,
 * a body that turns out longer is cut before the first excess byte is written, and one that ends
 * shorter is not ended: both call `fail(reason)` instead (the caller destroys the connection).
 * When `target` closes first (the upstream answered and went), the rest of `source` is discarded.
 */
export function pumpRequestBody(
  source: IncomingMessage,
  target: ClientRequest,
  length: number | undefined,
  fail: (reason: string) => void,
): void {
  let sent = 0;
  let stopped = false;
  const stop = (): void => {
    stopped = true;
    source.off('data', onData);
    source.off('end', onEnd);
    target.off('drain', onDrain);
  };
  const onDrain = (): void => void source.resume();
  const onData = (chunk: Buffer | string): void => {
    const size = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (length !== undefined && sent + size > length) {
      stop();
      fail(`the request body is longer than its Content-Length (${length})`);
      return;
    }
    sent += size;
    if (!target.write(chunk)) source.pause();
  };
  const onEnd = (): void => {
    stop();
    if (length !== undefined && sent !== length) fail(`the request body ended at ${sent} of its Content-Length ${length} bytes`);
    else target.end();
  };
  target.on('drain', onDrain);
  source.on('data', onData);
  source.once('end', onEnd);
  target.once('close', () => {
    if (stopped) return;
    stop();
    // Discard the rest, as Node's server does with a body nobody reads, instead of leaving the upload stuck.
    if (!source.readableEnded) source.resume();
  });
}

const GRACE_INSTALLED = Symbol('graft.proxy.readAfterWriteError');

type WriteGeneric = (writev: boolean, data: unknown, encoding: string, cb: (error?: Error | null) => void) => unknown;

/**
 * Keeps an upstream connection readable after a body write failed because the upstream closed
 * it (`EPIPE`, `ECONNRESET`). An upstream that refuses an upload (413, 401) often answers before
 * reading the body and closes at once; its answer is then already in the receive buffer when the
 * next chunk fails to go out, and `net.Socket` destroys itself on that write error before reading
 * it — the client would get a 502 instead of the upstream's answer. Here the failed write's
 * callback is held back until the read side is done (the answer parsed), or `graceMs` passed;
 * meanwhile no further body bytes are written. It wraps the socket's internal `_writeGeneric`
 * (stable since Node 10); where that is missing, nothing changes.
 */
export function readAfterWriteError(socket: Socket, graceMs: number): void {
  const s = socket as Socket & { _writeGeneric?: WriteGeneric; [GRACE_INSTALLED]?: true };
  const original = s._writeGeneric;
  if (s[GRACE_INSTALLED] || typeof original !== 'function') return;
  s[GRACE_INSTALLED] = true;
  s._writeGeneric = function (this: Socket, writev, data, encoding, cb) {
    return original.call(this, writev, data, encoding, (error) => {
      const code = (error as NodeJS.ErrnoException | null | undefined)?.code;
      if ((code !== 'EPIPE' && code !== 'ECONNRESET') || s.destroyed) return cb(error);
      const release = (): void => {
        clearTimeout(timer);
        s.off('end', release);
        s.off('close', release);
        cb(error); // On a destroyed socket this is a no-op.
      };
      const timer = setTimeout(release, graceMs);
      s.once('end', release);
      s.once('close', release);
    });
  };
}
