/**
 * Summarises a `.cpuprofile` (from `node --cpu-prof`): the functions with the most self time,
 * the same grouped by source file, the self and total (self + callees) time of each package, and
 * the total time of Graft's own functions (@graft/core and @graft/next).
 *
 * Bundled code (a Next build: `.next/server/chunks/*.js`, minified) is mapped back to its
 * sources through the `.map` file next to it, so Graft's functions are found there too.
 *
 * Usage: node cpuprofile-summary.mjs <file.cpuprofile> [top=25] [--from-ms=N] [--to-ms=N] [--requests=N]
 *
 * --from-ms / --to-ms keep only the samples taken in that window (ms since profiling started),
 * e.g. to leave out start-up and warm-up; --requests=N (served in the window) adds the CPU time
 * per request of each package.
 */
import fs from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const option = (name) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit === undefined ? undefined : Number(hit.split('=')[1]);
};
const [file, topArg] = positional;
if (!file) {
  console.error('usage: node cpuprofile-summary.mjs <file.cpuprofile> [top] [--from-ms=N] [--to-ms=N] [--requests=N]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const fromMicros = (option('from-ms') ?? 0) * 1000;
const toMicros = (option('to-ms') ?? Infinity) * 1000;
const requests = option('requests');
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));

// Each sample names the node that was on top of the stack; the deltas are its durations (µs).
const selfMicros = new Map();
let clock = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  clock += delta;
  if (clock < fromMicros || clock > toMicros) return;
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + delta);
});
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);

/** Source maps of bundled files, by file path (`null`: none). */
const sourceMaps = new Map();
function sourceMapOf(filePath) {
  if (!sourceMaps.has(filePath)) {
    let map = null;
    try {
      if (filePath.includes('/.next/')) {
        map = { map: new SourceMap(JSON.parse(fs.readFileSync(`${filePath}.map`, 'utf8'))), dir: path.dirname(filePath) };
      }
    } catch {
      map = null;
    }
    sourceMaps.set(filePath, map);
  }
  return sourceMaps.get(filePath);
}

const shortPath = (p) =>
  p
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '')
    .replace(/^.*\/packages\/(core|next)\/(dist|src)\//, (_, pkg) => `${pkg === 'core' ? 'core' : 'graft-next'}/`)
    .replace(/^.*\/bench\//, 'bench/');

function originalLineText(sm, entry) {
  const index = sm.map.payload.sources.indexOf(entry.originalSource);
  const text = sm.map.payload.sourcesContent?.[index]?.split('\n')[entry.originalLine]?.trim();
  return text ? `\`${text.length > 60 ? `${text.slice(0, 57)}...` : text}\`` : undefined;
}

/** Where a frame's code comes from: its original file (through a source map) and a label. */
const frameInfo = new Map();
function infoOf(id) {
  if (frameInfo.has(id)) return frameInfo.get(id);
  const frame = nodes.get(id).callFrame;
  let where = frame.url;
  let line = frame.lineNumber + 1;
  let name = frame.functionName || '(anonymous)';
  const filePath = where.startsWith('file://') ? fileURLToPath(where) : where.startsWith('/') ? where : undefined;
  const sm = filePath && sourceMapOf(filePath);
  if (sm && frame.lineNumber >= 0) {
    // findEntry gives the last mapping at or before the position; where the function's line has
    // none that early, that is the previous line's last one, often another module: take the
    // first mapping of this line at or after the position instead.
    let entry = sm.map.findEntry(frame.lineNumber, frame.columnNumber);
    for (let column = frame.columnNumber + 1; entry?.generatedLine !== frame.lineNumber && column < frame.columnNumber + 400; column++) {
      entry = sm.map.findEntry(frame.lineNumber, column);
    }
    if (entry?.generatedLine !== frame.lineNumber) entry = undefined;
    if (entry?.originalSource) {
      where = path.resolve(sm.dir, decodeURIComponent(entry.originalSource));
      line = entry.originalLine + 1;
      // A minified name says nothing: show the start of the original source line instead.
      if (name.length <= 2) name = originalLineText(sm, entry) ?? name;
    }
  }
  const info = {
    file: shortPath(where) || `(${frame.functionName || 'native'})`,
    label: `${name} ${shortPath(where) || '(native)'}:${line}`,
    pkg: packageOf(where, frame.functionName),
    kind: kindOf(where, frame.functionName),
  };
  frameInfo.set(id, info);
  return info;
}

function packageOf(where, functionName) {
  if (!where) return `(${functionName || 'native'})`;
  if (where.startsWith('node:')) return 'node (internals)';
  if (/\/packages\/core\//.test(where)) return '@graft/core';
  if (/\/packages\/next\//.test(where)) return '@graft/next';
  const module = /\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1];
  if (module) return module;
  if (/\/bench\/next-app\/\.next\//.test(where)) return 'next (build output)';
  if (/\/bench\//.test(where)) return 'bench (the app)';
  return where;
}

/**
 * The kind of work a frame does, for the per-call breakdown of bench/README.md: Fetch objects,
 * Node's http objects, ticks, Graft's own code, the app, garbage collection. `where` is the
 * frame's original file (or `node:…`), `functionName` V8's name for it.
 */
function kindOf(where, functionName) {
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (['(idle)', '(program)', '(root)'].includes(functionName)) return '(program, idle)';
  if (
    /undici|webstreams|js_transferable|abort_controller|internal\/url|internal\/encoding/.test(where) ||
    functionName === 'JSTransferable'
  ) {
    return 'Fetch objects: Request, Response, web streams, AbortSignal';
  }
  if (/^node:(_http_|internal\/streams|stream|events|buffer|internal\/buffer|internal\/http)/.test(where)) {
    return "Node's http objects: IncomingMessage, ServerResponse, their streams and events";
  }
  if (/^node:internal\/process\/task_queues/.test(where)) return 'ticks and microtasks';
  if (/\/packages\/core\/|\/\.oldcore\//.test(where)) return '@graft/core, its own code';
  if (/\/packages\/next\//.test(where)) return '@graft/next, its own code';
  if (/\/node_modules\//.test(where)) return 'the app and its libraries (Express, router, …), and the other bridge';
  if (where.startsWith('node:')) return 'other Node internals';
  if (/\/bench\//.test(where)) return 'the benchmark harness';
  return `(${functionName || 'native'})`;
}

/**
 * The package on whose behalf a sample ran: its own package, or for Node's internals and native
 * code the nearest package above them on the stack (a ServerResponse written by Graft counts for
 * Graft). Samples without a JS stack (GC, idle) stay as they are.
 */
const SHARED = new Set(['node (internals)']);
function ownerOf(id) {
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const { pkg } = infoOf(at);
    const native = pkg.startsWith('(') && !['((garbage collector))', '((idle))', '((program))', '((root))'].includes(pkg);
    if (!SHARED.has(pkg) && !native) return pkg;
  }
  return infoOf(id).pkg;
}

const selfByFunction = new Map();
const selfByFile = new Map();
const selfByPackage = new Map();
const selfByOwner = new Map();
const selfByKind = new Map();
const totalByPackage = new Map();
const totalByGraftFunction = new Map();
const add = (map, key, micros) => map.set(key, (map.get(key) ?? 0) + micros);
for (const [id, micros] of selfMicros) {
  const info = infoOf(id);
  add(selfByFunction, info.label, micros);
  add(selfByFile, info.file, micros);
  add(selfByPackage, info.pkg, micros);
  add(selfByOwner, ownerOf(id), micros);
  add(selfByKind, info.kind, micros);
  // Total time = samples with it anywhere on the stack, counted once per sample.
  const seenPackages = new Set();
  const seenFunctions = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const frame = infoOf(at);
    if (!seenPackages.has(frame.pkg)) {
      seenPackages.add(frame.pkg);
      add(totalByPackage, frame.pkg, micros);
    }
    if (frame.pkg.startsWith('@graft/') && !seenFunctions.has(frame.label)) {
      seenFunctions.add(frame.label);
      add(totalByGraftFunction, frame.label, micros);
    }
  }
}

const print = (title, map, count = top) => {
  console.log(`\n${title}`);
  for (const [name, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    console.log(`${((100 * micros) / total).toFixed(1).padStart(5)}%  ${name}`);
  }
};
const window = fromMicros || toMicros < Infinity ? ` (window ${fromMicros / 1000}-${toMicros / 1000} ms)` : '';
const idle = [...selfMicros].filter(([id]) => nodes.get(id).callFrame.functionName === '(idle)').reduce((a, [, m]) => a + m, 0);
console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled${window}, ${((100 * idle) / total).toFixed(1)}% idle`);
if (requests) {
  console.log(`${requests} requests: ${((total - idle) / requests).toFixed(0)} µs of CPU per request (busy samples / requests)`);
}
print('Self time by function', selfByFunction);
print('Self time by file', selfByFile);
const printPerRequest = (title, map) => {
  if (!requests) return;
  console.log(`\n${title}, in µs of CPU per request`);
  for (const [name, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(micros / requests).toFixed(1).padStart(7)} µs  ${name}`);
  }
};
print('Total time (self + callees) by package', totalByPackage);
print('Self time by kind of work', selfByKind);
printPerRequest('Self time by kind of work', selfByKind);
printPerRequest('Self time by package', selfByPackage);
printPerRequest("Self time by package, Node's internals and natives charged to the package that called them", selfByOwner);
printPerRequest('Total time (self + callees) by package', totalByPackage);
print('Total time (self + callees) of @graft/core and @graft/next functions', totalByGraftFunction);
