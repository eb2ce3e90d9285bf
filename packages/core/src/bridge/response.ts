/**
 * The response side of the bridge: a real `http.ServerResponse` whose bytes, instead of going to
 * a socket, feed a web `ReadableStream` — pulled by the host, with Node's own backpressure.
 *
 * Node serialises a response in three steps we hook, as own properties of the instance (Express
 * and Koa replace the *prototype* of `res`, so instance properties are the only hooks that
 * survive):
 * - `_storeHeader` runs when the head is fixed (`writeHead`, `flushHeaders`, first `write`,
 *   `end`): that is the moment the Fetch `Response` can be made.
 * - `_send` receives each body chunk (and the end marker). With chunked framing switched off after
 *   the head is stored, the chunks are exactly the app's bytes.
 * - `_writeRaw` only carries interim responses (100 Continue, 103 Early Hints) once `_send` is
 *   replaced; a Fetch `Response` cannot express them, so they are dropped.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { constructOn } from './app-prototypes.js';
import type { BridgeSocket, QueuedBytes } from './socket.js';

type Callback = (error?: Error | null) => void;

/** `ServerResponse`'s constructor with its options argument (Node 18.17 / 20), which @types/node does not declare. */
type NodeServerResponse = new (req: IncomingMessage, options: object) => ServerResponse;

interface QueueEntry {
  /** Body bytes; `undefined` for a marker that only carries a callback (the end of the body). */
  data: Buffer | undefined;
  callback: Callback | undefined;
}

/**
 * One response's body channel. The app's writes go into `queue`; the host's reads take from it.
 * `write()` returns false while `queuedBytes >= highWaterMark`, and `'drain'` fires when the
 * reader has emptied it, which is how a real socket behaves toward a slow client.
 */
export interface ResponseSink extends QueuedBytes {
  queue: QueueEntry[];
  queuedBytes: number;
  readonly highWaterMark: number;
  /** The app called `end()`. */
  ended: boolean;
  /** No more bytes are accepted: the stream was closed, cancelled or errored. */
  closed: boolean;
  /** The body is not sent at all (HEAD, 204, 304, …): writes complete at once. */
  discard: boolean;
  controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  /** Resolves a pending `pull` when something arrives. */
  wake: (() => void) | undefined;
  /** Called synchronously when Node has fixed the response head. */
  onHead: () => void;
  /** Called when the host cancels the body stream. */
  onCancel: (reason: unknown) => void;
}

const kSink = Symbol('graft.sink');

export type BridgeResponse = ServerResponse & {
  [kSink]: ResponseSink;
  /** Node's "head has been handed to the connection" flag. */
  _headerSent: boolean;
  /** The serialised head, set when the head is fixed. */
  _header: string | null;
};

/**
 * `OutgoingMessage` remembers that `write()` returned false in a private symbol and emits `'drain'`
 * only through its socket's server. We emit `'drain'` ourselves, so we must also clear that flag,
 * or `res.writableNeedDrain` would stay true forever. It is looked up once, by description.
 */
const kNeedDrain: symbol | undefined = (() => {
  const probe = new ServerResponse(new IncomingMessage(null as never));
  return Object.getOwnPropertySymbols(probe).find((s) => s.description === 'kNeedDrain');
})();

const destroyedError = (): Error =>
  Object.assign(new Error('Cannot call write after the connection is closed'), {
    code: 'ERR_STREAM_DESTROYED',
  });

/**
 * Creates the app's `res` (on the app's own response prototype, if it has one: see
 * `app-prototypes.ts`), attached to `socket` the way Node's server attaches it.
 */
export function createServerResponse(
  req: IncomingMessage,
  socket: BridgeSocket,
  highWaterMark: number,
  onHead: () => void,
  onCancel: (reason: unknown) => void,
  prototype: object | undefined,
): BridgeResponse {
  const options = { highWaterMark };
  const res = (
    prototype ? constructOn(ServerResponse, [req, options], prototype) : new (ServerResponse as NodeServerResponse)(req, options)
  ) as BridgeResponse;
  const sink: ResponseSink = {
    queue: [],
    queuedBytes: 0,
    highWaterMark,
    ended: false,
    closed: false,
    discard: false,
    controller: undefined,
    wake: undefined,
    onHead,
    onCancel,
  };
  res[kSink] = sink;
  // Node invents a Date header; the host's server adds its own, so this would only duplicate it.
  res.sendDate = false;
  const hooks = res as unknown as Record<string, unknown>;
  hooks._storeHeader = storeHeader;
  hooks._send = send;
  hooks._writeRaw = writeRaw;
  hooks._finish = finish;
  socket.queue = sink;
  res.assignSocket(socket as never);
  return res;
}

type NodeInternal = (this: unknown, ...args: unknown[]) => unknown;
const nodeStoreHeader = (ServerResponse.prototype as unknown as Record<string, NodeInternal>)._storeHeader!;
const nodeFinish = (ServerResponse.prototype as unknown as Record<string, NodeInternal>)._finish!;

function storeHeader(this: BridgeResponse, firstLine: string, headers: unknown): void {
  nodeStoreHeader.call(this, firstLine, headers);
  // The host frames the body for its own connection; the app's bytes must arrive unframed.
  this.chunkedEncoding = false;
  this[kSink].onHead();
}

function send(
  this: BridgeResponse,
  data: string | Uint8Array,
  encoding: BufferEncoding | null | undefined,
  callback: Callback | null | undefined,
): boolean {
  const sink = this[kSink];
  this._headerSent = true;
  if (sink.closed) {
    // As Node's `_writeRaw` on a destroyed socket: refused, and the callback never runs (for
    // `end()` it is the 'finish' callback, and an abandoned response must not finish).
    return false;
  }
  if (sink.discard) {
    if (callback) process.nextTick(callback);
    return true;
  }
  let chunk: Buffer | undefined;
  if (typeof data === 'string') {
    if (data.length > 0) chunk = Buffer.from(data, encoding ?? 'utf8');
  } else if (data.byteLength > 0) {
    chunk = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }
  if (chunk === undefined && !callback) return sink.queuedBytes < sink.highWaterMark;
  sink.queue.push({ data: chunk, callback: callback ?? undefined });
  if (chunk) sink.queuedBytes += chunk.byteLength;
  wake(sink);
  return sink.queuedBytes < sink.highWaterMark;
}

function writeRaw(this: BridgeResponse, _data: unknown, encoding: unknown, callback: Callback | undefined): boolean {
  const cb = typeof encoding === 'function' ? (encoding as Callback) : callback;
  if (cb) process.nextTick(cb);
  return true;
}

function finish(this: BridgeResponse): void {
  const sink = this[kSink];
  sink.ended = true;
  wake(sink);
  nodeFinish.call(this);
}

function wake(sink: ResponseSink): void {
  const resolve = sink.wake;
  if (resolve) {
    sink.wake = undefined;
    resolve();
  }
}

/**
 * Takes the body once the head is known. A response the app already ended (the common case:
 * `res.send()`, `res.json()`, Koa's `ctx.body`) becomes a stream that already holds its bytes
 * (one chunk) and is closed: no pump, and no copy — a `Uint8Array` body would cost undici a copy
 * of the bytes and a byte stream of its own. Otherwise a stream that pulls from the queue. Bodies
 * are `null` where HTTP forbids them.
 */
export function takeBody(res: BridgeResponse, bodyless: boolean): ReadableStream<Uint8Array> | null {
  const sink = res[kSink];
  if (bodyless) {
    sink.discard = true;
    flushQueue(sink);
    return null;
  }
  if (sink.ended) {
    const chunks = flushQueue(sink);
    sink.closed = true;
    return new ReadableStream<Uint8Array>(
      {
        start(controller) {
          if (chunks.length === 1) controller.enqueue(chunks[0]!);
          else if (chunks.length > 1) controller.enqueue(Buffer.concat(chunks));
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
  }
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        sink.controller = controller;
      },
      pull(controller) {
        return pull(res, sink, controller);
      },
      cancel(reason) {
        sink.closed = true;
        sink.onCancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** Hands every queued chunk over at once and completes the callbacks, as a socket would. */
function flushQueue(sink: ResponseSink): Buffer[] {
  const chunks: Buffer[] = [];
  for (const entry of sink.queue) {
    if (entry.data) chunks.push(entry.data);
    if (entry.callback) process.nextTick(entry.callback);
  }
  sink.queue = [];
  sink.queuedBytes = 0;
  return chunks;
}

/**
 * `pull` with a default `ReadableStream` must enqueue before its promise resolves, or the stream
 * will not ask again. So when nothing is queued, it parks a `wake` that delivers first and only
 * then resolves.
 */
function pull(res: BridgeResponse, sink: ResponseSink, controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> | undefined {
  if (deliver(res, sink, controller)) return undefined;
  return new Promise<void>((resolve) => {
    const waiter = (): void => {
      if (deliver(res, sink, controller)) resolve();
      else sink.wake = waiter;
    };
    sink.wake = waiter;
  });
}

/** Moves one chunk (or the end) to the reader. Returns false when there is nothing to move yet. */
function deliver(res: BridgeResponse, sink: ResponseSink, controller: ReadableStreamDefaultController<Uint8Array>): boolean {
  if (sink.closed) return true;
  let entry: QueueEntry | undefined;
  while ((entry = sink.queue.shift()) !== undefined) {
    // The chunk has left the bridge: its write is complete, as when a socket flushes it.
    if (entry.callback) process.nextTick(entry.callback);
    if (entry.data) {
      sink.queuedBytes -= entry.data.byteLength;
      controller.enqueue(entry.data);
      if (sink.queuedBytes === 0) emitDrain(res);
      return true;
    }
  }
  if (sink.ended) {
    sink.closed = true;
    controller.close();
    return true;
  }
  return false;
}

function emitDrain(res: BridgeResponse): void {
  const flags = res as unknown as Record<symbol, boolean>;
  if (kNeedDrain !== undefined) {
    if (!flags[kNeedDrain]) return;
    flags[kNeedDrain] = false;
  }
  if (!res.destroyed && !res.finished) res.emit('drain');
}

/**
 * Stops the body for good: pending writes fail as on a destroyed socket, and the host's reader
 * sees `error` (if given) as a truncated body; without an error the stream just ends there.
 */
export function closeSink(res: BridgeResponse, error?: unknown): void {
  const sink = res[kSink];
  if (sink.closed) return;
  sink.closed = true;
  for (const entry of sink.queue) {
    // The end marker's callback is 'finish', which an unfinished response must not emit.
    if (entry.callback && entry.data) process.nextTick(entry.callback, destroyedError());
  }
  sink.queue = [];
  sink.queuedBytes = 0;
  const controller = sink.controller;
  if (controller) {
    try {
      if (error === undefined) controller.close();
      else controller.error(error);
    } catch {
      // Already closed or errored by the host's side.
    }
  }
  wake(sink);
}

// Called on Node's own prototype: after the app runs, `res` may sit on someone else's chain.
const detachSocket = ServerResponse.prototype.detachSocket;

/**
 * What Node's server does with a response once it has finished: detaches it from its socket, and
 * on the next tick marks it destroyed and emits `'close'` (unless the app already closed it).
 */
export function closeFinishedResponse(res: BridgeResponse, socket: BridgeSocket): void {
  detachSocket.call(res, socket as never);
  process.nextTick(emitClose, res);
}

function emitClose(res: BridgeResponse): void {
  const r = res as BridgeResponse & { _closed: boolean };
  if (!r._closed) {
    r.destroyed = true;
    r._closed = true;
    r.emit('close');
  }
}
