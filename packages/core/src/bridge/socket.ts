/**
 * The socket stand-in that `req.socket` and `res.socket` point at.
 *
 * There is no TCP connection between the host and the embedded app, but apps and middleware
 * reach for the socket all the time: Express's `req.ip`/`req.protocol`, Koa's `ctx.writable`,
 * `on-finished`, timeouts, Nagle toggles. This object answers those the way a real socket would
 * for the *client's* connection (address, TLS), while the bytes travel through the bridge.
 *
 * Node's `OutgoingMessage` also touches a few stream internals of its socket (`cork`,
 * `_writableState.corked`, `writableLength`); they are implemented here so that a real
 * `http.ServerResponse` can be attached with its own `assignSocket`.
 */
import { EventEmitter } from 'node:events';

/** How the bridge sees the byte count still queued for the reader, for `writableLength`. */
export interface QueuedBytes {
  readonly queuedBytes: number;
}

/** The client-facing facts a socket reports. */
export interface SocketInfo {
  remoteAddress?: string | undefined;
  remotePort?: number | undefined;
  localAddress?: string | undefined;
  localPort?: number | undefined;
  encrypted: boolean;
  highWaterMark: number;
}

function familyOf(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  return address.includes(':') ? 'IPv6' : 'IPv4';
}

/**
 * A socket-shaped `EventEmitter`. Destroying it is how both sides signal "the connection is
 * gone": the bridge destroys it when the client disconnects, an app destroys it (through
 * `req.destroy()`, `res.destroy()` or `socket.destroy()`) to abandon a response.
 */
export class BridgeSocket extends EventEmitter {
  remoteAddress: string | undefined;
  remotePort: number | undefined;
  remoteFamily: string | undefined;
  localAddress: string | undefined;
  localPort: number | undefined;
  /** `true` when the client reached the host over TLS (read by Express and Koa). */
  encrypted: boolean;
  readonly readableHighWaterMark: number;
  readonly writableHighWaterMark: number;
  readable = true;
  writable = true;
  destroyed = false;
  connecting = false;
  pending = false;
  timeout: number | undefined;
  bytesRead = 0;
  bytesWritten = 0;
  /** Set by `ServerResponse#assignSocket`. */
  _httpMessage: unknown = null;
  /** Read by `OutgoingMessage`'s finish path; this socket never has a transport error. */
  _hadError = false;
  /** `OutgoingMessage#end` resets `_writableState.corked` directly. */
  readonly _writableState = { corked: 0 };
  /** Called once with the destroy error (or undefined) the first time the socket is destroyed. */
  onDestroy: ((error: Error | undefined) => void) | undefined;
  /** The bridge's response queue, so `writableLength` reports bytes the reader has not taken. */
  queue: QueuedBytes | undefined;
  /** The request read from this socket, told about timeouts as Node's server tells it. */
  incoming: (EventEmitter & { complete: boolean }) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(info: SocketInfo) {
    super();
    this.remoteAddress = info.remoteAddress;
    this.remotePort = info.remotePort;
    this.remoteFamily = familyOf(info.remoteAddress);
    this.localAddress = info.localAddress;
    this.localPort = info.localPort;
    this.encrypted = info.encrypted;
    this.readableHighWaterMark = info.highWaterMark;
    this.writableHighWaterMark = info.highWaterMark;
  }

  get writableLength(): number {
    return this.queue ? this.queue.queuedBytes : 0;
  }

  get writableCorked(): number {
    return this._writableState.corked;
  }

  get readyState(): string {
    return this.destroyed ? 'closed' : 'open';
  }

  cork(): void {
    this._writableState.corked++;
  }

  uncork(): void {
    if (this._writableState.corked > 0) this._writableState.corked--;
  }

  address(): { address: string; family: string; port: number } | Record<string, never> {
    if (this.localAddress === undefined || this.localPort === undefined) return {};
    return { address: this.localAddress, family: familyOf(this.localAddress)!, port: this.localPort };
  }

  /**
   * Like `net.Socket#setTimeout` on a server socket: after `ms`, `'timeout'` goes to the socket,
   * to the request (if its body is incomplete) and to the response; when neither the request nor
   * the response listens, the connection is destroyed — what Node's server does. There is no I/O
   * on this socket to reset the idle timer, so it measures from the call.
   */
  setTimeout(ms: number, callback?: () => void): this {
    if (callback) this.once('timeout', callback);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timeout = ms > 0 ? ms : undefined;
    if (ms > 0 && !this.destroyed) {
      this.timer = setTimeout(() => this.fireTimeout(), ms);
      this.timer.unref();
    }
    return this;
  }

  private fireTimeout(): void {
    this.timer = undefined;
    this.emit('timeout');
    const req = this.incoming;
    const res = this._httpMessage as EventEmitter | null;
    const toRequest = req !== undefined && !req.complete && req.emit('timeout', this);
    const toResponse = res?.emit('timeout', this);
    if (!toRequest && !toResponse) this.destroy();
  }

  setNoDelay(_noDelay?: boolean): this {
    return this;
  }

  setKeepAlive(_enable?: boolean, _initialDelay?: number): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  pause(): this {
    return this;
  }

  resume(): this {
    return this;
  }

  /** Bytes never travel through this socket; a write is accepted and dropped. */
  write(_chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    const cb = typeof encoding === 'function' ? encoding : callback;
    if (typeof cb === 'function') process.nextTick(cb as () => void);
    return true;
  }

  end(): this {
    this.destroy();
    return this;
  }

  destroySoon(): void {
    this.destroy();
  }

  destroy(error?: Error): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.readable = false;
    this.writable = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.onDestroy?.(error);
    process.nextTick(() => {
      // An 'error' nobody listens to would throw; a real socket's error would be reported to the
      // request and response anyway, which the bridge does through onDestroy.
      if (error && this.listenerCount('error') > 0) this.emit('error', error);
      this.emit('close', error !== undefined);
    });
    return this;
  }
}
