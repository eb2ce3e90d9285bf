/**
 * In-process microbenchmark: calls/second of graft's `callNodeApp` against light-my-request's
 * `inject` and fetch-to-node's `toReqRes`/`toFetchResponse`, on the same three apps, in one run.
 *
 * Method: check each (library × app) answers correctly, warm each up, then run ROUNDS rounds; in
 * each round every (app × library) cell is timed for BATCH_MS, in batches of CONCURRENCY
 * concurrent calls, the libraries interleaved (their order rotates every round). The table shows
 * the median of each cell's rounds.
 * It prints figures only; nothing is asserted.
 *
 * Flags, for profiling and quick looks: `--only=graft` (one library), `--app=bare` (apps whose
 * name contains it), `--rounds=N`, `--ms=N`, `--verbose` (every batch on stderr).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { APPS } from './apps.mjs';
import { fetchObjectsFloor, LIBRARIES, probeExpressOnFetchToNode } from './libraries.mjs';
import { callsPerSecond, median } from './measure.mjs';

const flags = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key, value ?? 'true'];
  }),
);
const ROUNDS = Number(flags.rounds ?? 3);
const BATCH_MS = Number(flags.ms ?? 1500);
const WARMUP_MS = 300;
const CONCURRENCY = 32;
const libraries = flags.only ? LIBRARIES.filter((l) => l.name === flags.only) : LIBRARIES;
const apps = flags.app ? APPS.filter((a) => a.name.includes(flags.app)) : APPS;

const decoder = new TextDecoder();
const asText = (body) => (typeof body === 'string' ? body : decoder.decode(body));

console.log(`# In-process microbenchmark`);
console.log(``);
console.log(`- Node ${process.version}, ${os.cpus()[0].model}, ${os.cpus().length} cores`);
console.log(
  `- ${new Date().toISOString()}, load average at start ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(`- ${ROUNDS} rounds × ${BATCH_MS} ms per cell, batches of ${CONCURRENCY} concurrent calls, median calls/s`);
console.log(``);

// Prepare and check every cell; a cell that cannot answer correctly is reported, not timed.
const cells = new Map();
const key = (app, lib) => `${app.name}\u0000${lib.name ?? lib}`;
for (const app of apps) {
  for (const lib of libraries) {
    const cell = { call: undefined, failure: undefined, samples: [] };
    cells.set(key(app, lib), cell);
    try {
      const call = lib.prepare(app);
      const body = asText(await call());
      if (body !== app.expected) throw new Error(`wrong body ${JSON.stringify(body.slice(0, 40))}`);
      cell.call = call;
    } catch (error) {
      cell.failure = error instanceof Error ? error.message : String(error);
    }
  }
}

for (const cell of cells.values()) {
  if (cell.call) await callsPerSecond(cell.call, WARMUP_MS, CONCURRENCY);
}
const floorCall = fetchObjectsFloor();
await callsPerSecond(floorCall, WARMUP_MS, CONCURRENCY);
const floorSamples = [];
const timedFrom = { wall: performance.now(), cpu: process.cpuUsage() };

for (let round = 0; round < ROUNDS; round++) {
  const order = libraries.map((_, i) => libraries[(i + round) % libraries.length]);
  for (const app of apps) {
    for (const lib of order) {
      const cell = cells.get(key(app, lib));
      if (!cell.call) continue;
      const t0 = performance.now();
      cell.samples.push(await callsPerSecond(cell.call, BATCH_MS, CONCURRENCY));
      if (flags.verbose) {
        const heap = (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0);
        const wall = (performance.now() - t0).toFixed(0);
        process.stderr.write(`${app.name} / ${lib.name}: ${Math.round(cell.samples.at(-1))} calls/s, ${wall} ms wall, heap ${heap} MiB\n`);
      }
    }
  }
  if (!flags.only) floorSamples.push(await callsPerSecond(floorCall, BATCH_MS / 3, CONCURRENCY));
  process.stderr.write(`round ${round + 1}/${ROUNDS} done\n`);
}

const cpu = process.cpuUsage(timedFrom.cpu);
const cpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - timedFrom.wall);

const result = (app, name) => {
  const cell = cells.get(key(app, name));
  if (!cell) return undefined;
  return cell.failure ? { failure: cell.failure } : { rate: median(cell.samples) };
};
const show = (r) => (r === undefined ? 'n/a' : r.failure ? `fails: ${r.failure}` : Math.round(r.rate).toLocaleString('en-US'));
const ratio = (a, b) => (a?.rate && b?.rate ? `${(a.rate / b.rate).toFixed(2)}×` : 'n/a');

console.log(`| app | graft | light-my-request | fetch-to-node | graft / light-my-request | graft / fetch-to-node |`);
console.log(`|---|---:|---:|---:|---:|---:|`);
const rows = APPS.map((app) => {
  const graft = result(app, 'graft');
  const lmr = result(app, 'light-my-request');
  const ftn = result(app, 'fetch-to-node');
  console.log(`| ${app.name} | ${show(graft)} | ${show(lmr)} | ${show(ftn)} | ${ratio(graft, lmr)} | ${ratio(graft, ftn)} |`);
  return { graft, lmr, ftn };
});
console.log(``);

if (libraries.some((l) => l.name === 'fetch-to-node')) {
  const problem = await probeExpressOnFetchToNode(APPS[0]);
  console.log(
    problem
      ? `fetch-to-node runs Express 5 only with glue (Express's prototypes re-parented onto fetch-to-node's classes); without it: ${problem}`
      : `fetch-to-node ran Express 5 without glue.`,
  );
}
if (floorSamples.length) {
  console.log(
    `Floor for any Fetch bridge (new Request + new Response('Hello World').arrayBuffer(), no app): ${Math.round(median(floorSamples)).toLocaleString('en-US')} calls/s`,
  );
}
console.log(
  `CPU time of this process while timing: ${(100 * cpuShare).toFixed(0)}% of wall time (about 100-125% when it has a core to itself; much less means other work shared the CPU and the figures are low)`,
);
console.log(``);

const target = (label, a, b, factor) => {
  if (!a?.rate || !b?.rate) return console.log(`- ${label}: not measured`);
  const met = a.rate >= factor * b.rate;
  console.log(`- ${label}: ${met ? 'MET' : 'NOT MET'} (${(a.rate / b.rate).toFixed(2)}×)`);
};
console.log(`Targets:`);
target('Express /hello: graft ≥ 1.5× light-my-request', rows[0].graft, rows[0].lmr, 1.5);
target('bare handler: graft ≥ fetch-to-node', rows[2].graft, rows[2].ftn, 1);
