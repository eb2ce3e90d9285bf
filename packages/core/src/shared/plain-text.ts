/**
 * Graft's own short answers — errors, refusals, challenges — in one shape on both sides of the
 * Fetch boundary: plain text in UTF-8, never cached, never sniffed as another type, and never a
 * stack trace or a server path (callers pass a fixed message; details go to the error hooks).
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

const PLAIN_TEXT_HEADERS = {
  'content-type': 'text/plain; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

/**
 * A plain-text `Response` with `status` and `text`, plus `headers` (e.g. `WWW-Authenticate`);
 * its `Content-Length` is exact, as on the Node side.
 */
export function plainTextResponse(status: number, text: string, headers: Readonly<Record<string, string>> = {}): Response {
  return new Response(text, {
    status,
    headers: { ...PLAIN_TEXT_HEADERS, 'content-length': String(Buffer.byteLength(text)), ...headers },
  });
}

/**
 * Answers `res` with `status` and `text` (and `headers`). When a response has already started
 * (or the connection is gone), the only honest answer left is to cut it: `res` is destroyed.
 */
export function sendPlainText(res: ServerResponse, status: number, text: string, headers: OutgoingHttpHeaders = {}): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  res.writeHead(status, { ...PLAIN_TEXT_HEADERS, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
