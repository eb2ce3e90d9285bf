/**
 * `npm run bench`: the whole benchmark suite in one run, printed as Markdown on stdout
 * (progress goes to stderr).
 *
 * 1. Builds bench/next-app with `next build` (production).
 * 2. Starts, each in its own process: (a) the Express app on its own port, (e) createMountServer
 *    with that app at /tools, `next start` serving (b) a plain route, (b′) a plain catch-all
 *    route (a reference: Next's own cost of a dynamic route), (c) `@graft/next`'s mount() of the
 *    same Express app, (d) a rewrites() proxy to (a) and (f) the same Express app through
 *    fetch-to-node in a catch-all route, and (g) the same Next build behind createMountServer
 *    (`next({ dir, dev: false })` as its default app, as apps/node-host does).
 * 3. Requests/s for /hello and /json through (a)-(g), with wrk (autocannon if wrk is missing).
 * 4. A 256 MiB upload and a 512 MiB download through (a), (c), (d), (f): MiB/s, first byte, and
 *    the serving process's peak RSS growth; (d) also with its body limit raised.
 * 5. Time to first byte of a response that writes a chunk every 200 ms, through (a), (c), (d), (f).
 * 6. The in-process microbenchmark (inprocess.mjs): calls/s and CPU µs per call.
 * 7. The targets of the issue, MET / NOT MET.
 *
 * Flags: --quick (1 run of 2 s per cell, for development), --reps=N, --seconds=N,
 * --upload-mib=N (default 256), --reuse-build (skip `next build` if a build for the same
 * upstream exists), --only=rate,transfer,ttfb,inprocess (sections).
 * Every process started is stopped at the end, on an error and on Ctrl-C.
 * To see where a serving process spends its time: profile.mjs.
 */

import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startProcess, stopAll, wasInterrupted } from './processes.mjs';
import { runRateSection } from './rate-section.mjs';
import { fixed, int, MiB, progress } from './report.mjs';
import { prepareNextApp, startNext, startNextFrontDoor, startNodeServer } from './servers.mjs';
import { printDownloadTable, printDripTable, printUploadTable, runTransfers } from './transfer-section.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const flags = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key, value ?? 'true'];
  }),
);
const quick = flags.quick === 'true';
const settings = {
  reps: Number(flags.reps ?? (quick ? 1 : 3)),
  seconds: Number(flags.seconds ?? (quick ? 2 : 5)),
  warmupSeconds: quick ? 1 : 2,
  connections: 32,
  dripReps: quick ? 3 : 7,
  downloadBytes: 512 * MiB,
  uploadBytes: Number(flags['upload-mib'] ?? 256) * MiB,
  raisedProxyLimit: '2gb',
  // Per transfer: the slowest complete one so far took under 10 s; (d) with the default body limit
  // fails after Next's own 30 s proxy timeout. Whatever stalls is reported, not waited for.
  transferTimeoutMs: 90_000,
};
const sections = new Set((flags.only ?? 'rate,transfer,ttfb,inprocess').split(','));

const servers = {};
const startedAt = Date.now();
const TARGETS = {
  a: { id: 'a', label: '(a) Express 5 on its own port', server: () => servers.express, url: (p) => `${servers.express.origin}${p}` },
  b: { id: 'b', label: '(b) Next plain route handler', server: () => servers.next, url: (p) => `${servers.next.origin}/plain${p}` },
  b2: {
    id: 'b2',
    label: '(b′) Next plain catch-all route (reference)',
    server: () => servers.next,
    url: (p) => `${servers.next.origin}/plain/catchall${p}`,
  },
  c: { id: 'c', label: '(c) Next + @graft/next mount()', server: () => servers.next, url: (p) => `${servers.next.origin}/graft${p}` },
  d: { id: 'd', label: '(d) Next rewrites() proxy to (a)', server: () => servers.next, url: (p) => `${servers.next.origin}/proxy${p}` },
  e: {
    id: 'e',
    label: '(e) createMountServer, app at /tools',
    server: () => servers.mount,
    url: (p) => `${servers.mount.origin}/tools${p}`,
  },
  f: {
    id: 'f',
    label: '(f) Next + fetch-to-node (toReqRes / toFetchResponse)',
    server: () => servers.next,
    url: (p) => `${servers.next.origin}/ftn${p}`,
  },
  g: {
    id: 'g',
    label: '(g) createMountServer in front of Next (plain route)',
    server: () => servers.nextFrontDoor,
    url: (p) => `${servers.nextFrontDoor.origin}/plain${p}`,
  },
};
/** The order of the rate tables: the Next routes side by side, the front doors last. */
const RATE_ORDER = ['a', 'b', 'b2', 'c', 'f', 'd', 'e', 'g'];

async function main() {
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const nextVersion = require('next/package.json').version;
  console.log(`# Graft benchmark suite`);
  console.log('');
  console.log(
    `- ${new Date().toISOString()}; Node ${process.version}, Next ${nextVersion}, Express ${require('express/package.json').version}`,
  );
  console.log(`- ${os.cpus()[0]?.model ?? 'unknown CPU'}, nproc ${os.availableParallelism()}, load average at start ${load}`);
  console.log(`- ${quick ? 'QUICK run (development figures only): ' : ''}${settings.reps} run(s) per cell`);
  progress(`next build of bench/next-app`);
  const { upstreamPort, upstreamOrigin, buildSeconds } = await prepareNextApp({ reuse: flags['reuse-build'] === 'true' });
  console.log(
    `- Next app: \`next build\` ${buildSeconds === null ? 'reused' : `in ${fixed(buildSeconds)} s`}, served by \`next start\` (production) and, for (g), by \`next({ dir, dev: false })\` behind createMountServer; all servers on 127.0.0.1`,
  );
  console.log('');

  const results = {};
  const needServers = ['rate', 'transfer', 'ttfb'].some((s) => sections.has(s));
  if (needServers) {
    progress('starting servers');
    servers.express = await startNodeServer('express', upstreamPort);
    servers.mount = await startNodeServer('mount', await freePort());
    servers.next = await startNext(await freePort(), { upstreamOrigin });
    if (sections.has('rate')) servers.nextFrontDoor = await startNextFrontDoor(await freePort(), { upstreamOrigin });
  }

  if (sections.has('rate')) {
    results.rate = await runRateSection(
      RATE_ORDER.map((id) => TARGETS[id]),
      settings,
    );
  }
  await servers.mount?.stop();
  await servers.nextFrontDoor?.stop();

  if (sections.has('transfer')) results.transfer = await transferSection(upstreamOrigin);
  if (sections.has('ttfb')) results.drip = await dripSection();
  await stopAll();

  if (sections.has('inprocess')) results.inprocess = await inprocessSection();
  printTargets(results);
}

async function transferSection(upstreamOrigin) {
  const { a, c, d, f } = TARGETS;
  const timeoutMs = settings.transferTimeoutMs;
  console.log(`## Large transfers`);
  console.log('');
  console.log(
    `Each transfer by a separate client process (Node \`http\`, bytes discarded), given up after ${timeoutMs / 1000} s. MiB/s = bytes / (request start to response end). RSS: VmRSS of the serving process (Express for (a), \`next start\` for (c), (d), (f)) sampled every 50 ms; growth = peak minus the value at the start of that transfer.`,
  );
  console.log('');

  // Uploads first, while the Next process holds nothing from the downloads: fetch-to-node's
  // download keeps the whole body in memory, and memory a process already holds can absorb a
  // later transfer's growth.
  progress(`upload of ${settings.uploadBytes / MiB} MiB`);
  const upload = await runTransfers([a, c, f], {
    mode: 'upload',
    urlPath: '/upload',
    bytes: settings.uploadBytes,
    reps: settings.reps,
    warmup: { urlPath: '/upload', bytes: 16 * MiB },
    timeoutMs,
  });
  // With Next's default 10 MB proxy body limit the upload cannot succeed (see below): one try.
  const uploadDefault = await runTransfers([d], { mode: 'upload', urlPath: '/upload', bytes: settings.uploadBytes, reps: 1, timeoutMs });
  const cutWarning = /Request body exceeded[^\n]*/.exec(servers.next.child.output.stdout + servers.next.child.output.stderr)?.[0];
  await servers.next.stop();

  progress(`restarting next with experimental.proxyClientMaxBodySize = ${settings.raisedProxyLimit}`);
  servers.next = await startNext(await freePort(), { upstreamOrigin, proxyBodyLimit: settings.raisedProxyLimit });
  const uploadRaised = await runTransfers([d], {
    mode: 'upload',
    urlPath: '/upload',
    bytes: settings.uploadBytes,
    reps: settings.reps,
    warmup: { urlPath: '/upload', bytes: 16 * MiB },
    timeoutMs,
  });
  await servers.next.stop();
  servers.next = await startNext(await freePort(), { upstreamOrigin });

  // (a), (c), (d) interleaved; then (f) on its own, after them: it holds each download whole,
  // and that memory, kept by the process, would hide other routes' growth.
  const downloadOptions = {
    mode: 'download',
    urlPath: `/download?bytes=${settings.downloadBytes}`,
    bytes: settings.downloadBytes,
    reps: settings.reps,
    warmup: { urlPath: `/download?bytes=${16 * MiB}`, bytes: 16 * MiB },
    timeoutMs,
  };
  const download = {
    ...(await runTransfers([a, c, d], downloadOptions)),
    ...(await runTransfers([f], downloadOptions)),
  };

  console.log(`### Download, ${settings.downloadBytes / MiB} MiB (GET /download, 64 KiB writes with backpressure)`);
  console.log('');
  printDownloadTable([a, c, d, f], download);
  console.log(
    `(a), (c), (d) ran interleaved; (f) ran its ${settings.reps} run(s) after them, in the same \`next start\` process, because fetch-to-node keeps the whole body (its \`res.write()\` never pushes back: every chunk goes into the Response's stream at once).`,
  );
  console.log('');

  console.log(`### Upload, ${settings.uploadBytes / MiB} MiB (POST /upload with Content-Length, the app counts the bytes)`);
  console.log('');
  printUploadTable(
    [
      { label: a.label, summary: upload.a },
      { label: c.label, summary: upload.c },
      { label: f.label, summary: upload.f },
      { label: `${d.label}, default body limit (10 MB), 1 try`, summary: uploadDefault.d },
      { label: `${d.label}, \`experimental.proxyClientMaxBodySize: '${settings.raisedProxyLimit}'\``, summary: uploadRaised.d },
    ],
    upload.a.mibPerSecond,
  );
  console.log(
    `(d) with the default limit: Next buffers at most 10 MB of a proxied body (\`experimental.proxyClientMaxBodySize\`, documented in Next 16.4), forwards only that much while the Content-Length still says ${settings.uploadBytes} bytes, so the upstream waits for the rest until Next's proxy times out.` +
      (cutWarning ? ` Next logged: "${cutWarning.slice(0, 160)}…"` : ''),
  );
  console.log(
    `(d) with the limit raised: every byte of the body is also copied into a buffer Next keeps for a second read, hence the RSS growth of about the upload's size. It runs in a \`next start\` of its own, restarted with the raised limit.`,
  );
  console.log('');
  return { download, upload: { a: upload.a, c: upload.c, f: upload.f, d: uploadDefault.d, dRaised: uploadRaised.d } };
}

async function dripSection() {
  const { a, c, d, f } = TARGETS;
  console.log(`## Time to first byte of a streamed response`);
  console.log('');
  console.log(
    `GET /drip writes a 6-byte chunk at once and then every 200 ms (5 in all); a fresh client process per request, ${settings.dripReps} requests per route interleaved, median. A route that buffered the body would show its first byte near the last chunk's time.`,
  );
  console.log('');
  const drip = await runTransfers([a, c, d, f], {
    mode: 'drip',
    urlPath: '/drip',
    reps: settings.dripReps,
    warmup: { urlPath: '/drip' },
    timeoutMs: 10_000,
  });
  printDripTable([a, c, d, f], drip);
  return drip;
}

async function inprocessSection() {
  progress('in-process microbenchmark (inprocess.mjs)');
  const args = ['--expose-gc', path.join(here, 'inprocess.mjs'), ...(quick ? ['--rounds=1', '--ms=500'] : [])];
  const child = startProcess(process.execPath, args, { cwd: here, echo: true });
  let text = '';
  child.stdout.on('data', (chunk) => {
    // Its report becomes a section of ours: one heading level down.
    process.stdout.write(chunk.replace(/^# /gm, '## '));
    text += chunk;
  });
  const code = await new Promise((resolve) => child.once('close', resolve));
  console.log('');
  if (code !== 0) return { failed: `inprocess.mjs exited with ${code}` };
  // Its target lines, copied as they are into the Targets section.
  const lines = text.match(/^- in-process .*: (MET|NOT MET|NOT MEASURED)\b.*$/gm) ?? [];
  return lines.length ? { lines } : { failed: 'no target lines in its output' };
}

function printTargets({ rate, transfer, drip, inprocess }) {
  console.log(`## Targets`);
  console.log('');
  const line = (label, met, figures) =>
    console.log(`- ${label}: ${met === undefined ? 'NOT MEASURED' : met ? 'MET' : 'NOT MET'}${figures ? ` (${figures})` : ''}`);
  const rates = (x, y) => `${int(x.rps)} vs ${int(y.rps)} req/s = ${(x.rps / y.rps).toFixed(2)}×`;
  if (rate) {
    for (const p of ['/hello', '/json']) {
      const { c, f } = rate[p];
      line(`${p}: (c) Graft ≥ (f) fetch-to-node, in the same kind of Next route`, c.rps >= f.rps, rates(c, f));
    }
    const { b, c } = rate['/hello'];
    line(`/hello: (c) Graft ≥ 0.8× (b) Next's own plain route`, c.rps >= 0.8 * b.rps, rates(c, b));
    for (const p of ['/hello', '/json']) {
      const { a, e } = rate[p];
      line(`${p}: (e) createMountServer ≥ 0.85× (a) Express alone`, e.rps >= 0.85 * a.rps, rates(e, a));
    }
    for (const p of ['/hello', '/json']) {
      const { b, g } = rate[p];
      line(`${p}: (g) createMountServer in front of Next ≥ 0.97× (b) \`next start\``, g.rps >= 0.97 * b.rps, rates(g, b));
    }
  }
  if (transfer) {
    const { a, c, d } = transfer.download;
    const cOk = c.complete === c.runs.length;
    line(
      `download via (c): peak RSS growth ≤ 64 MiB`,
      cOk && c.rssGrowthMiB <= 64,
      `max ${fixed(c.rssGrowthMiB)} MiB over ${c.runs.length} runs`,
    );
    line(`download via (c): first byte ≤ (a)'s + 5 ms`, cOk && c.ttfbMs <= a.ttfbMs + 5, `${fixed(c.ttfbMs)} ms vs ${fixed(a.ttfbMs)} ms`);
    line(
      `download via (c): MiB/s ≥ (d)'s`,
      cOk && c.mibPerSecond >= d.mibPerSecond,
      `${fixed(c.mibPerSecond, 0)} vs ${fixed(d.mibPerSecond, 0)} MiB/s`,
    );
    const size = `${settings.uploadBytes / MiB} MiB upload`;
    const { c: u, f: uf } = transfer.upload;
    const uOk = u.complete === u.runs.length;
    // A route whose uploads all failed has no MiB/s: (c) is ahead of it if (c) completed.
    line(
      `${size} via (c): MiB/s ≥ (f) fetch-to-node's`,
      uOk && (uf.complete === 0 || u.mibPerSecond >= uf.mibPerSecond),
      `${fixed(u.mibPerSecond, 0)} vs ${fixed(uf.mibPerSecond, 0)} MiB/s; ${u.complete}/${u.runs.length} and ${uf.complete}/${uf.runs.length} complete`,
    );
    line(
      `${size} via (c): peak RSS growth ≤ 40 MiB`,
      uOk && u.rssGrowthMiB <= 40,
      `${u.complete}/${u.runs.length} complete, max ${fixed(u.rssGrowthMiB)} MiB (fetch-to-node: max ${fixed(uf.rssGrowthMiB)} MiB)`,
    );
  }
  if (drip) {
    console.log(
      `- (streamed first byte, for reference: (a) ${fixed(drip.a.ttfbMs)} ms, (c) ${fixed(drip.c.ttfbMs)} ms, (d) ${fixed(drip.d.ttfbMs)} ms, (f) ${fixed(drip.f.ttfbMs)} ms)`,
    );
  }
  if (inprocess) {
    if (inprocess.failed) line(`in-process: graft CPU/call ≤ every peer's`, undefined, inprocess.failed);
    else for (const text of inprocess.lines) console.log(text);
  }
  console.log('');
  const loadNow = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const inprocessNote = inprocess
    ? '; the in-process part, which ran last, keeps about one busy: much more means other work shared the CPU'
    : '';
  console.log(
    `Load average at the end: ${loadNow} (${os.availableParallelism()} cores${inprocessNote}). The run took ${fixed((Date.now() - startedAt) / 60_000)} min.`,
  );
  console.log('');
}

try {
  await main();
} catch (error) {
  if (!wasInterrupted()) console.error(`[bench] failed: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
