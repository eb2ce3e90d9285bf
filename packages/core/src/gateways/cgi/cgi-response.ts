/**
 * The script's answer on its way to the client: its head as response fields, and its body held
 * to the Content-Length that head declared.
 */
import type { ServerResponse } from 'node:http';

/** Sends the script's head: repeated names (each Set-Cookie) go out as separate fields. */
export function writeCgiHead(
  res: ServerResponse,
  status: number,
  reason: string | undefined,
  headers: ReadonlyArray<[string, string]>,
): void {
  const grouped = new Map<string, { name: string; values: string[] }>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    const entry = grouped.get(lower);
    if (entry) entry.values.push(value);
    else grouped.set(lower, { name, values: [value] });
  }
  for (const { name, values } of grouped.values()) res.setHeader(name, values.length === 1 ? values[0]! : values);
  if (reason !== undefined) res.writeHead(status, reason);
  else res.writeHead(status);
}

/**
 * Counts the body bytes a script writes against the `Content-Length` its head declared, if any:
 * bytes beyond it are dropped (and logged once), and {@link CgiBodyLimit.complete} tells whether
 * the declared length was met.
 */
export class CgiBodyLimit {
  /** The declared length, or `undefined` when the body is not held to one (none declared, or HEAD). */
  readonly contentLength: number | undefined;
  readonly #log: (message: string) => void;
  /** Bytes the script wrote so far, the dropped ones included. */
  #written = 0;

  constructor(contentLength: number | undefined, log: (message: string) => void) {
    this.contentLength = contentLength;
    this.#log = log;
  }

  /** The part of `chunk` to send, or `undefined` when none of it may go out. */
  take(chunk: Buffer): Buffer | undefined {
    const limit = this.contentLength;
    if (limit === undefined) return chunk;
    let data = chunk;
    if (this.#written + data.length > limit) {
      if (this.#written <= limit) this.#log(`output exceeds Content-Length ${limit}; extra bytes dropped`);
      data = data.subarray(0, Math.max(0, limit - this.#written));
    }
    this.#written += chunk.length;
    return data.length === 0 ? undefined : data;
  }

  /** Whether the declared length (if any) has been written. */
  get complete(): boolean {
    return this.contentLength === undefined || this.#written >= this.contentLength;
  }
}
