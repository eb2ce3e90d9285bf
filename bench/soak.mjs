/**
 * Soak: sustained concurrent load through Graft's core call for a few minutes, with a mix of
 * small, streamed and uploaded bodies and clients that give up mid-download. Prints requests,
 * errors, p99 latency and the server's RSS over time. Not part of `npm test`.
 *
 *   npm run soak                      # 180 s
 *   node bench/soak.mjs --seconds=30 --concurrency=32
 */
import { fork } from 'node:child_process';
import { on, once } from 'node:events';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

const arg = (name, fallback) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
};
const SECONDS = arg('seconds', 180);
const CONCURRENCY = arg('concurrency', 32);
const REPORT_EVERY = arg('report', 10);

const server = fork(fileURLToPath(new URL('./soak-server.mjs', import.meta.url)), {
  execArgv: ['--expose-gc'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const [{ port }] = await once(server, 'message');
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const upload = Buffer.alloc(256 * 1024, 0x62);

const serverMemory = async () => {
  server.send('memory');
  const [{ memory }] = await once(server, 'message');
  return memory;
};

/** One request; resolves with its outcome. `abortAfterFirstChunk` plays a client that leaves. */
function exchange(kind) {
  return new Promise((resolve) => {
    const started = performance.now();
    const method = kind === 'upload' ? 'POST' : 'GET';
    const path = kind === 'abort' ? '/tools/stream' : `/tools/${kind}`;
    const req = request({ host: '127.0.0.1', port, path, method, agent }, (res) => {
      let bytes = 0;
      res.on('data', (d) => {
        bytes += d.length;
        if (kind === 'abort') req.destroy();
      });
      res.on('end', () =>
        resolve({ ok: res.statusCode === 200 && (kind !== 'stream' || bytes === 1024 * 1024), ms: performance.now() - started }),
      );
      res.on('error', () => resolve({ ok: kind === 'abort', ms: performance.now() - started }));
    });
    req.on('error', () => resolve({ ok: kind === 'abort', ms: performance.now() - started }));
    if (kind === 'upload') req.end(upload);
    else req.end();
  });
}

const mix = ['small', 'small', 'small', 'small', 'small', 'small', 'stream', 'stream', 'upload', 'abort'];
const start = performance.now();
const deadline = start + SECONDS * 1000;
let window = { requests: 0, errors: 0, latencies: [] };
const total = { requests: 0, errors: 0, aborts: 0 };
const p99 = (values) => {
  const sorted = values.sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] : 0;
};
const mib = (n) => (n / 1024 / 1024).toFixed(1);

const rssStart = (await serverMemory()).rss;
console.log(`soak: ${SECONDS} s, ${CONCURRENCY} concurrent, mix ${JSON.stringify(mix)}; server RSS at start ${mib(rssStart)} MiB`);
console.log('|   t (s) | requests | errors | p99 (ms) | server RSS (MiB) |');
console.log('|--------:|---------:|-------:|---------:|-----------------:|');

let n = 0;
const worker = async () => {
  while (performance.now() < deadline) {
    const kind = mix[n++ % mix.length];
    const { ok, ms } = await exchange(kind);
    window.requests++;
    total.requests++;
    if (kind === 'abort') total.aborts++;
    if (!ok) {
      window.errors++;
      total.errors++;
    } else if (kind !== 'abort') window.latencies.push(ms);
  }
};
const reporter = setInterval(async () => {
  const snapshot = window;
  window = { requests: 0, errors: 0, latencies: [] };
  const { rss } = await serverMemory();
  const t = ((performance.now() - start) / 1000).toFixed(0);
  console.log(
    `| ${t.padStart(7)} | ${String(snapshot.requests).padStart(8)} | ${String(snapshot.errors).padStart(6)} | ${p99(snapshot.latencies).toFixed(1).padStart(8)} | ${mib(rss).padStart(16)} |`,
  );
}, REPORT_EVERY * 1000);

await Promise.all(Array.from({ length: CONCURRENCY }, worker));
clearInterval(reporter);
agent.destroy();
// The final RSS is measured once the server has closed every client connection (at most 10 s).
server.send('idle');
for await (const [message] of on(server, 'message', { signal: AbortSignal.timeout(10_000) })) if (message.idle) break;
const { rss: rssEnd } = await serverMemory();
console.log(
  `total: ${total.requests} requests (${total.aborts} abandoned mid-download by the client), ${total.errors} errors; ` +
    `server RSS ${mib(rssStart)} -> ${mib(rssEnd)} MiB after GC`,
);
server.send('stop');
await once(server, 'exit');
