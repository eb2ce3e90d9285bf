/**
 * In-process microbenchmark: calls/second and CPU time per call of graft's `callNodeApp` against
 * light-my-request's `inject` and fetch-to-node's `toReqRes`/`toFetchResponse`, on the same three
 * apps, in one run.
 *
 * Method: check each (library × app) answers correctly, warm each up, then run ROUNDS rounds; in
 * each round every (app × library) cell is timed for BATCH_MS, in batches of CONCURRENCY
 * concurrent calls, the libraries interleaved (their order rotates every round). Each timed cell
 * gives calls per wall-clock second and the process's CPU time (user + system) per call; the
 * table shows the median of each over the rounds. The targets (from the issue): graft's CPU per
 * call ≤ every peer's on each app, printed MET / NOT MET.
 * It prints figures only; nothing is asserted.
 *
 * Flags, for profiling and quick looks: `--only=graft` (one library), `--app=bare` (apps whose
 * name contains it), `--rounds=N`, `--ms=N`, `--verbose` (every timed cell on stderr).
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
console.log(
  `- ${ROUNDS} rounds × ${BATCH_MS} ms per cell, batches of ${CONCURRENCY} concurrent calls; medians of calls/s and of CPU µs per call (process.cpuUsage(), user + system, all threads)`,
);
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
      const sample = await callsPerSecond(cell.call, BATCH_MS, CONCURRENCY);
      cell.samples.push(sample);
      if (flags.verbose) {
        const heap = (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0);
        const wall = (performance.now() - t0).toFixed(0);
        process.stderr.write(
          `${app.name} / ${lib.name}: ${Math.round(sample.rate)} calls/s, ${sample.cpuPerCallUs.toFixed(1)} µs CPU/call, ${wall} ms wall, heap ${heap} MiB\n`,
        );
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
  if (cell.failure) return { failure: cell.failure };
  return { rate: median(cell.samples.map((s) => s.rate)), cpu: median(cell.samples.map((s) => s.cpuPerCallUs)) };
};
const show = (r, field, format) => (r === undefined ? 'n/a' : r.failure ? `fails: ${r.failure}` : format(r[field]));
const perSecond = (n) => Math.round(n).toLocaleString('en-US');
const micros = (n) => n.toFixed(1);
const ratio = (a, b, field) => (a?.[field] && b?.[field] ? `${(a[field] / b[field]).toFixed(2)}×` : 'n/a');

const PEERS = [
  { name: 'light-my-request', field: 'lmr' },
  { name: 'fetch-to-node', field: 'ftn' },
];
console.log(
  `| app | graft calls/s | light-my-request calls/s | fetch-to-node calls/s | graft CPU µs/call | light-my-request CPU µs/call | fetch-to-node CPU µs/call | CPU/call graft ÷ light-my-request | CPU/call graft ÷ fetch-to-node |`,
);
console.log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|`);
const rows = APPS.map((app) => {
  const row = { app, graft: result(app, 'graft'), lmr: result(app, 'light-my-request'), ftn: result(app, 'fetch-to-node') };
  const all = [row.graft, row.lmr, row.ftn];
  console.log(
    `| ${app.name} | ${all.map((r) => show(r, 'rate', perSecond)).join(' | ')} | ${all.map((r) => show(r, 'cpu', micros)).join(' | ')} | ${ratio(row.graft, row.lmr, 'cpu')} | ${ratio(row.graft, row.ftn, 'cpu')} |`,
  );
  return row;
});
console.log(``);
console.log(`CPU/call ratios below 1.00× mean graft spends less CPU per call than that library.`);
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
  const floorRate = median(floorSamples.map((s) => s.rate));
  const floorCpu = median(floorSamples.map((s) => s.cpuPerCallUs));
  console.log(
    `Floor for any Fetch bridge (new Request + new Response('Hello World').arrayBuffer(), no app): ${perSecond(floorRate)} calls/s, ${micros(floorCpu)} µs CPU per call`,
  );
}
console.log(
  `CPU time of this process while timing: ${(100 * cpuShare).toFixed(0)}% of wall time (about 100-125% when it has a core to itself; much less means other work shared the CPU and the figures are low)`,
);
console.log(``);

// The goal: in-process CPU per call ≤ every peer's on Express /hello, Express /json and a
// bare handler. run.mjs copies these lines (format `- in-process …: MET|NOT MET|NOT MEASURED (…)`).
console.log(`Targets:`);
for (const row of rows) {
  for (const peer of PEERS) {
    const label = `in-process ${row.app.name}: graft CPU/call ≤ ${peer.name}'s`;
    const [g, p] = [row.graft, row[peer.field]];
    if (!g?.cpu || !p?.cpu) {
      console.log(`- ${label}: NOT MEASURED (${g?.failure ?? p?.failure ?? 'not run'})`);
      continue;
    }
    console.log(
      `- ${label}: ${g.cpu <= p.cpu ? 'MET' : 'NOT MET'} (${micros(g.cpu)} vs ${micros(p.cpu)} µs = ${(g.cpu / p.cpu).toFixed(2)}×)`,
    );
  }
}
