/**
 * The CGI response header block (RFC 3875 §6): read from the script's stdout up to the first
 * empty line, then interpreted as a document response, a client redirect or a local redirect.
 */
import { HOP_BY_HOP_HEADERS, isHeaderName } from '../../shared/headers.js';
import { GatewayError } from '../gateway-failure.js';

/**
 * The script's answer broke the CGI protocol: a malformed or oversized header block, no header
 * block before it exited, or less output than its `Content-Length`. The gateway answers 502 (or
 * cuts the response short) and reports it to `onError`. Code `GRAFT_CGI_PROTOCOL`.
 */
export class CgiProtocolError extends GatewayError {
  constructor(message: string, options?: ErrorOptions) {
    super('GRAFT_CGI_PROTOCOL', message, options);
  }
}

/** A parsed CGI header block. */
export type CgiResponseHead =
  | {
      kind: 'document';
      status: number;
      /** The reason phrase from `Status:`, if the script gave one. */
      reason: string | undefined;
      /** Fields to send, in order, repeated names (each `Set-Cookie`) kept as separate entries. */
      headers: Array<[name: string, value: string]>;
    }
  | {
      /** RFC 3875 §6.2.2: `Location: /path` with no `Status`: the server re-dispatches a GET. */
      kind: 'local-redirect';
      location: string;
    };

/** What the reader returns once the block is complete: the head and the body bytes after it. */
export interface HeaderBlock {
  head: CgiResponseHead;
  rest: Buffer;
}

// Field values as bytes (the block is decoded as latin1): no control characters but HTAB.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const STATUS = /^([0-9]{3})(?:[ \t]+(.*))?$/;

/**
 * Returns an incremental reader for the header block. `push` each stdout chunk; it returns
 * `undefined` until the empty line has arrived, then the parsed head and the leftover bytes
 * (the start of the body).
 *
 * @throws {CgiProtocolError} from `push` when the block exceeds `limit` bytes or is malformed.
 */
export function createHeaderReader(limit: number): { push(chunk: Buffer): HeaderBlock | undefined } {
  let buffered: Buffer = Buffer.alloc(0);
  /** Where the line being scanned starts. */
  let lineStart = 0;
  return {
    push(chunk) {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      let newline = buffered.indexOf(10, lineStart);
      while (newline !== -1) {
        const lineLength = newline - lineStart;
        if (lineLength === 0 || (lineLength === 1 && buffered[lineStart] === 13)) {
          if (newline + 1 > limit) throw new CgiProtocolError(`header block larger than ${limit} bytes`);
          const head = parseHeaderBlock(buffered.toString('latin1', 0, lineStart));
          return { head, rest: buffered.subarray(newline + 1) };
        }
        lineStart = newline + 1;
        newline = buffered.indexOf(10, lineStart);
      }
      if (buffered.length > limit) throw new CgiProtocolError(`header block larger than ${limit} bytes`);
      return undefined;
    },
  };
}

/**
 * Parses the lines of a header block (without its empty line). Lines end in LF or CRLF.
 *
 * @throws {CgiProtocolError} for a line that is not `name: value`, a folded line, a bad or
 * repeated `Status`, a repeated `Location`, or a block without any CGI field (RFC 3875 §6.2
 * requires at least one of Content-Type, Location, Status).
 */
export function parseHeaderBlock(text: string): CgiResponseHead {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let status: number | undefined;
  let reason: string | undefined;
  let location: string | undefined;
  let hasContentType = false;
  const headers: Array<[string, string]> = [];
  const connectionTokens: string[] = [];
  for (let line of lines) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.startsWith(' ') || line.startsWith('\t')) {
      throw new CgiProtocolError('folded header lines are not allowed');
    }
    const colon = line.indexOf(':');
    const name = colon === -1 ? '' : line.slice(0, colon);
    if (!isHeaderName(name)) throw new CgiProtocolError(`malformed header line ${JSON.stringify(line.slice(0, 80))}`);
    const value = line.slice(colon + 1).trim();
    if (!FIELD_VALUE.test(value)) throw new CgiProtocolError(`invalid characters in header ${name}`);
    const lower = name.toLowerCase();
    if (lower === 'status') {
      const match = STATUS.exec(value);
      const code = match ? Number(match[1]) : NaN;
      if (status !== undefined) throw new CgiProtocolError('repeated Status header');
      if (!(code >= 200 && code <= 599)) throw new CgiProtocolError(`invalid Status ${JSON.stringify(value)}`);
      status = code;
      reason = match![2] || undefined;
    } else if (lower === 'location') {
      if (location !== undefined) throw new CgiProtocolError('repeated Location header');
      if (value === '') throw new CgiProtocolError('empty Location header');
      location = value;
      headers.push([name, value]);
    } else if (HOP_BY_HOP_HEADERS.has(lower)) {
      // The gateway frames the response itself; the script's idea of the connection is moot.
      if (lower === 'connection')
        connectionTokens.push(
          ...value
            .toLowerCase()
            .split(',')
            .map((t) => t.trim()),
        );
    } else {
      if (lower === 'content-type') hasContentType = true;
      if (lower === 'content-length' && !/^[0-9]+$/.test(value)) {
        throw new CgiProtocolError(`invalid Content-Length ${JSON.stringify(value)}`);
      }
      headers.push([name, value]);
    }
  }
  if (status === undefined && location === undefined && !hasContentType) {
    throw new CgiProtocolError('no Content-Type, Location or Status header');
  }
  // Apache's rule for §6.2.2: a local path without a Status is re-dispatched by the server.
  if (location !== undefined && status === undefined && location.startsWith('/') && !location.startsWith('//')) {
    return { kind: 'local-redirect', location };
  }
  const kept = connectionTokens.length === 0 ? headers : headers.filter(([n]) => !connectionTokens.includes(n.toLowerCase()));
  return { kind: 'document', status: status ?? (location !== undefined ? 302 : 200), reason, headers: kept };
}
