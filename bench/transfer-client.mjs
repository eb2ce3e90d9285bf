/**
 * The client side of the transfer and first-byte measurements, run as its own process so the
 * serving process's memory and CPU are its own. It discards what it receives.
 *
 *   node transfer-client.mjs download URL [BYTES [TIMEOUT_MS]]   GET, count the bytes
 *   node transfer-client.mjs upload URL BYTES [TIMEOUT_MS]       POST BYTES (Content-Length) in 64 KiB writes
 *   node transfer-client.mjs drip URL [BYTES [TIMEOUT_MS]]       GET, note when each chunk arrives
 *
 * A transfer that has not ended after TIMEOUT_MS (default 180 s) is reported as an error
 * (`no end within … ms`) and the process exits, so no transfer can hang the suite.
 * Prints one JSON line: status, bytes, ttfbMs (request start to first body byte), seconds, and
 * for uploads what the server said it received and whether it answered before the upload ended.
 */
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';

const [mode, url, bytesArg, timeoutArg] = process.argv.slice(2);
const CHUNK = Buffer.alloc(64 * 1024, 0x62);
const TIMEOUT_MS = Number(timeoutArg) > 0 ? Number(timeoutArg) : 180_000;

const result = { mode, url, status: 0, bytes: 0, ttfbMs: null, seconds: 0, error: null };
const start = performance.now();
const elapsed = () => performance.now() - start;

function finish(error) {
  if (error && !result.error) result.error = error.code ?? error.message;
  result.seconds = elapsed() / 1000;
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}
setTimeout(() => finish(new Error(`no end within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref();

const total = Number(bytesArg ?? 0);
const req = request(url, {
  method: mode === 'upload' ? 'POST' : 'GET',
  headers: mode === 'upload' ? { 'content-type': 'application/octet-stream', 'content-length': String(total) } : {},
});
let uploaded = 0;
let uploadDone = false;
const body = [];

req.on('response', (res) => {
  result.status = res.statusCode;
  if (mode === 'upload') result.answeredBeforeUploadEnded = !uploadDone;
  if (mode === 'drip') result.chunkMs = [];
  res.on('data', (chunk) => {
    if (result.ttfbMs === null) result.ttfbMs = elapsed();
    result.bytes += chunk.length;
    if (mode === 'drip') result.chunkMs.push(Math.round(elapsed()));
    if (mode !== 'download' && result.bytes < 65536) body.push(chunk);
  });
  res.on('end', () => {
    if (mode === 'upload') {
      result.uploaded = uploaded;
      try {
        result.received = JSON.parse(Buffer.concat(body).toString()).bytes;
      } catch {
        result.received = null;
        result.body = Buffer.concat(body).toString().slice(0, 200);
      }
    }
    if (mode === 'drip') result.body = Buffer.concat(body).toString();
    // An upload the server answered early may still be writing: let it finish or fail first.
    if (mode === 'upload' && !uploadDone) req.once('finish', () => finish()).once('error', finish);
    else finish();
  });
  res.on('error', finish);
});
req.on('error', (error) => {
  result.uploaded = uploaded;
  finish(error);
});

if (mode === 'upload') {
  const pump = () => {
    while (uploaded < total) {
      const chunk = total - uploaded >= CHUNK.length ? CHUNK : CHUNK.subarray(0, total - uploaded);
      uploaded += chunk.length;
      if (!req.write(chunk)) return void req.once('drain', pump);
    }
    req.end(() => {
      uploadDone = true;
    });
  };
  pump();
} else req.end();
