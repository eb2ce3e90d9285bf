/**
 * Summarises a `.cpuprofile` (from `node --cpu-prof`): the functions with the most self time,
 * the same grouped by source file, and the total (self + callees) time of Graft's own functions.
 *
 * Usage: node cpuprofile-summary.mjs <file.cpuprofile> [top=25]
 */
import fs from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node cpuprofile-summary.mjs <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));

// Each sample names the node that was on top of the stack; the deltas are its durations (µs).
const selfMicros = new Map();
profile.samples.forEach((id, i) => {
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);

const shortUrl = (url) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '')
    .replace(/^.*\/packages\/core\/dist\//, 'core/');
const label = (frame) =>
  `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url) || '(native)'}:${frame.lineNumber + 1}`;

const selfByFunction = new Map();
const selfByFile = new Map();
for (const [id, micros] of selfMicros) {
  const frame = nodes.get(id).callFrame;
  const fn = label(frame);
  selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + micros);
  const where = shortUrl(frame.url) || `(${frame.functionName || 'native'})`;
  selfByFile.set(where, (selfByFile.get(where) ?? 0) + micros);
}

// Total time of a function = samples with that function anywhere on the stack (counted once).
const totalByCoreFunction = new Map();
for (const [id, micros] of selfMicros) {
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const frame = nodes.get(at).callFrame;
    if (!frame.url.includes('/packages/core/dist/')) continue;
    const fn = label(frame);
    if (seen.has(fn)) continue;
    seen.add(fn);
    totalByCoreFunction.set(fn, (totalByCoreFunction.get(fn) ?? 0) + micros);
  }
}

const print = (title, map) => {
  console.log(`\n${title}`);
  for (const [name, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * micros) / total).toFixed(1).padStart(5)}%  ${name}`);
  }
};
console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled`);
print('Self time by function', selfByFunction);
print('Self time by file', selfByFile);
print('Total time (self + callees) of @graft/core functions', totalByCoreFunction);
