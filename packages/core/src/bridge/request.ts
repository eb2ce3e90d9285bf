/**
 * The request side of the bridge: a real `http.IncomingMessage` built from a Fetch `Request`,
 * whose body is pulled from `request.body` only as fast as the app reads it.
 */
import { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { Identity } from '../shared/identity.js';
import { canonicalHeaderName } from '../shared/identity.js';
import { constructOn } from './app-prototypes.js';
import type { BridgeSocket } from './socket.js';

/**
 * What the embedded app can read on `req.graft`: the host's view of this request.
 */
export interface GraftContext {
  /** The signed-in user as the host vouches for it, or `null` for an anonymous request. */
  identity: Identity | null;
  /** Per-call values the host passed in `locals` (like a WSGI environ's extra keys). */
  locals: Record<string, unknown>;
  /** The prefix the host consumed, raw: `''` or `/tools`. Same as `req.baseUrl`. */
  mountPath: string;
  /** The path the app routes on, raw: `req.url` without the query. */
  pathInfo: string;
  /** The host's Fetch `Request` (read-only by convention: its body belongs to `req`). */
  request: Request;
}

/** An `IncomingMessage` as the embedded app receives it from Graft. */
export interface GraftIncomingMessage extends IncomingMessage {
  /** The host's view of this request; see {@link GraftContext}. */
  graft: GraftContext;
  /** The full raw path and query, prefix included (Express/Connect's convention). */
  originalUrl: string;
  /** The consumed prefix (Express's convention; its router continues from it). */
  baseUrl: string;
}

/** Everything `createIncomingMessage` needs, prepared by `callNodeApp`. */
export interface IncomingMessageInit {
  request: Request;
  socket: BridgeSocket;
  url: string;
  originalUrl: string;
  host: string;
  context: GraftContext;
  /** Canonical names of identity headers to strip from the client's request. */
  protectedHeaders: ReadonlySet<string>;
  /** The trusted identity header to add, as `[name, value]`, if any. */
  identityHeader: readonly [string, string] | undefined;
  /** Headers the host sets in place of the client's (`requestHeaders`), lower-case names. */
  requestHeaders: Readonly<Record<string, string>> | undefined;
  /** The app's own request prototype (see `app-prototypes.ts`), to build `req` on, if it has one. */
  prototype: object | undefined;
}

interface BodyState {
  body: ReadableStream<Uint8Array>;
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  done: boolean;
}

const kBody = Symbol('graft.body');

/** Node internals of `IncomingMessage` the bridge relies on (stable since Node 0.x). */
interface IncomingMessageInternals {
  _addHeaderLines(headers: string[], n: number): void;
  _dump(): void;
  _dumped: boolean;
  _consuming: boolean;
  _readableState: { resumeScheduled: boolean; readingMore: boolean };
}

type BridgeRequest = GraftIncomingMessage & IncomingMessageInternals & { [kBody]?: BodyState };

/**
 * Builds the app's `req`. Headers come from the Fetch `Request` one field per line (Fetch has
 * already joined repeated fields, except `Set-Cookie`), so Node's own duplicate rules apply when
 * the app reads `req.headers` / `req.headersDistinct`.
 */
export function createIncomingMessage(init: IncomingMessageInit): GraftIncomingMessage {
  const { request, socket, protectedHeaders, requestHeaders } = init;
  const req = (
    init.prototype ? constructOn(IncomingMessage, [socket], init.prototype) : new IncomingMessage(socket as never)
  ) as BridgeRequest;
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  req.httpVersion = '1.1';
  req.method = request.method;
  req.url = init.url;
  req.originalUrl = init.originalUrl;
  req.baseUrl = init.context.mountPath;
  req.graft = init.context;

  const body = request.body;
  const raw: string[] = [];
  let hasHost = false;
  let hasLength = false;
  for (const [name, value] of request.headers) {
    if (protectedHeaders.has(canonicalHeaderName(name))) continue;
    if (requestHeaders !== undefined && Object.hasOwn(requestHeaders, name)) continue;
    if (name === 'host') hasHost = true;
    else if (name === 'content-length') {
      // A body-less Request cannot honour a length; a streamed one must not carry two framings.
      if (body === null && value !== '0') continue;
      hasLength = true;
    } else if (name === 'transfer-encoding') continue;
    // Fetch's iterator yields each Set-Cookie separately and every other field joined.
    raw.push(name, value);
  }
  if (requestHeaders !== undefined) {
    for (const name in requestHeaders) {
      if (name === 'host') hasHost = true;
      raw.push(name, requestHeaders[name]!);
    }
  }
  // HTTP/1.1 requires Host; a Request built from a URL alone has none.
  if (!hasHost) raw.unshift('host', init.host);
  // Body parsers decide "is there a body?" from these two fields.
  if (body !== null && !hasLength) raw.push('transfer-encoding', 'chunked');
  if (init.identityHeader) raw.push(init.identityHeader[0], init.identityHeader[1]);
  req._addHeaderLines(raw, raw.length);

  if (body === null) {
    // Like Node's parser for a message without a body: complete at once, ends when read.
    req.complete = true;
    req.push(null);
  } else {
    req[kBody] = { body, reader: undefined, done: false };
    req._read = readBody;
  }
  return req;
}

/*
 * After the app runs, `req` may sit on a prototype chain someone else built (Express re-parents
 * it; a library that re-parents Express's shared prototypes can break that chain for everyone).
 * The bridge's own calls therefore go to Node's methods directly, never through the chain.
 */
const push = Readable.prototype.push as (this: Readable, chunk: unknown) => boolean;
const destroy = Readable.prototype.destroy as (this: Readable, error?: Error) => Readable;
const dump = (IncomingMessage.prototype as unknown as IncomingMessageInternals)._dump;

/**
 * What Node's server does with a request once its response has finished: a body nobody read is
 * dumped, so the request still ends and closes.
 */
export function settleRequestAfterResponse(req: IncomingMessage): void {
  const r = req as unknown as IncomingMessageInternals;
  if (!r._consuming && !r._readableState.resumeScheduled) dump.call(r);
}

/** Ends the request as a lost connection would: `'aborted'` if unfinished, then `'close'`. */
export function destroyRequest(req: IncomingMessage, error: Error): void {
  if (!req.destroyed) destroy.call(req, error);
}

/**
 * `Readable#_read` for requests with a body: one chunk from the Fetch body per call. The Readable
 * only calls `_read` again after a `push`, and stops calling it once its buffer is full, so the
 * host's body is read exactly as fast as the app consumes it.
 */
function readBody(this: BridgeRequest): void {
  const state = this[kBody]!;
  if (!this._consuming) {
    // As Node's own `_read` does: from now on the Readable asks for more after each push.
    this._consuming = true;
    this._readableState.readingMore = false;
  }
  if (state.done) return;
  if (this._dumped) {
    // The response is finished and nobody read the body: stop pulling it from the client
    // instead of draining it (Node has to drain a socket; we can just let go).
    state.done = true;
    cancelBody(state);
    push.call(this, null);
    return;
  }
  state.reader ??= state.body.getReader();
  state.reader.read().then(
    (result) => {
      if (state.done) return;
      if (result.done) {
        state.done = true;
        this.complete = true;
        push.call(this, null);
      } else {
        const chunk = result.value;
        push.call(this, Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      }
    },
    (error: unknown) => {
      if (state.done) return;
      state.done = true;
      destroy.call(this, connectionReset(error));
    },
  );
}

function cancelBody(state: BodyState): void {
  const pending = state.reader ? state.reader.cancel() : state.body.cancel();
  pending.catch(() => {});
}

/** Stops reading the host's body (client gone): the request body is released, never left locked. */
export function releaseRequestBody(req: IncomingMessage): void {
  const state = (req as BridgeRequest)[kBody];
  if (!state || state.done) return;
  state.done = true;
  cancelBody(state);
}

/** The error Node gives a request whose client went away: `ECONNRESET`, message `aborted`. */
export function connectionReset(cause?: unknown): Error {
  const error = new Error('aborted', cause === undefined ? undefined : { cause }) as NodeJS.ErrnoException;
  error.code = 'ECONNRESET';
  return error;
}
