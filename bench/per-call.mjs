/**
 * Per-call cost, counted instead of timed: machine instructions per call and bytes allocated per
 * call, of graft's `callNodeApp` against light-my-request's `inject` and fetch-to-node's
 * `toReqRes`/`toFetchResponse` (with the Express glue of libraries.mjs), on the apps of apps.mjs
 * (bare handler, Express 5 /hello, Express 5 /json). Every cell (app × library) first checks that
 * the call returns the app's expected body, then measures. It prints Markdown; nothing is asserted.
 *
 *   node per-call.mjs --measure=instructions [--app=…] [--lib=…] [--calls=3000] [--core=…]
 *   node per-call.mjs --measure=allocations [--app=…] [--lib=…] [--calls=10000] [--top=K] [--core=…]
 *
 * Why count: calls/s and CPU µs per call (inprocess.mjs) move between runs on a shared 2-core
 * machine with whatever else runs. Instructions counted under valgrind do not depend on other
 * processes, and repeat closely between runs (see the flags below), so a change of a few percent
 * in a library shows.
 *
 * --measure=instructions. Each cell runs in two child processes under
 * `valgrind --tool=callgrind --callgrind-out-file=/dev/null node per-call.mjs --child …`, one
 * making N1 calls and one N2 (N1 = N/2 and N2 = N1 + N, N = `--calls`, default 3000, each rounded
 * up to whole batches), and reads the "Collected : <instructions>" line valgrind prints at exit.
 * (I2 − I1) / (N2 − N1) is the cost of one call: Node's start-up, module loading, the body check
 * and JIT warm-up are the same in both runs and cancel out. The children call in batches of 32
 * concurrent calls and let the event loop turn (setImmediate) between batches, as measure.mjs
 * does. Valgrind counts every thread of the process and runs them one at a time, so the garbage
 * collector's work is part of the count, in proportion to what the calls allocate.
 * The children's node runs with `--single-threaded` (V8: no background tasks, so the optimizing
 * compiler and the garbage collector's marking and scavenging run on the main thread). The count
 * then is the work of the calls, the compiler's and the collector's included, without their
 * threads' coordination. With V8's helper threads, how far they get and how long they spin or
 * wait while valgrind runs one thread at a time varies from run to run, and so did the count: one
 * cell (light-my-request, bare handler) gave 367k to 482k instructions per call over four runs,
 * against 335k to 344k over four with the flag (graft there: 449k and 452k over two runs
 * without, 454k and 455k with); a difference of 2 % between two runs can still be noise. A fixed
 * `--random-seed` is no cure: it picks one of the runs (with seed 1, light-my-request's cell
 * counted 506k, twice). `--node-flags="…"` replaces the flag (`--node-flags=` runs node without).
 * A child takes 20–60 s; at most `--jobs` (default 2, the machine's cores) run at once, each is
 * killed after `--timeout` seconds (default 600), and all are killed when this script exits or
 * is interrupted.
 *
 * --measure=allocations. Each cell runs in a child process (plain node) that warms up with 3000
 * calls, starts V8's sampling heap profiler (node:inspector `HeapProfiler.startSampling`, a
 * sample every 256 bytes on average, objects collected by minor and major GCs kept, so garbage
 * counts), makes N calls (default 10000), stops it and sums the sampled sizes: bytes allocated
 * per call on the JS heap. It prints KB per call, and by where the allocation happened (the
 * function on top of the stack, grouped by its file: Fetch objects, Node's http/stream/events,
 * @graft/core and its dependencies, Express and its dependencies, the library compared,
 * other). `--top=K` adds the K biggest allocation sites of each cell.
 *
 * Limits. Instructions are not time: a cache miss or a page fault costs far more than an
 * instruction, and allocating costs little at the allocation and more later (GC, cache), so two
 * libraries with equal counts can differ in speed; run inprocess.mjs for time. Counts under
 * valgrind are of one process with its threads serialised, with the JIT's code for this run.
 * The heap profiler's figures are estimates (256-byte Poisson sampling: a few percent between
 * runs); they cover the V8 heap only (not ArrayBuffer backing stores or native memory). An
 * allocation is attributed to the JS function on top of the stack as V8 sees it: in optimized
 * code a function inlined into another is not a frame of its own, so its allocations show under
 * the function it was inlined into (the call's closure in libraries.mjs can show some of the
 * library's, Express's `app` some of its router's), and which functions get inlined can change
 * between runs. Builtins (Map, RegExp exec, …) have no script: they are listed as
 * "<builtin> in <caller>" and grouped by that caller's file.
 *
 * Flags: `--lib=graft,lmr,ftn` (default all), `--app=bare,hello,json` (default all: items are
 * matched as substrings of the app names in apps.mjs), `--calls=N`, `--top=K`, `--jobs=N`,
 * `--timeout=seconds`, `--node-flags="…"`, `--core=<path>`.
 *
 * `--core=<path to an @graft/core dist/index.js>` measures that build of core in place of the
 * workspace's; graft then shows as `graft (<path>)` (the path as given). To compare with an
 * older commit, build its core inside /work/main, e.g. from the repository's root:
 *
 *   mkdir bench/.core-old && git archive <commit> tsconfig.json packages/core | tar -x -C bench/.core-old
 *   (cd bench/.core-old/packages/core && ../../../../node_modules/.bin/tsc -p tsconfig.build.json)
 *   node bench/per-call.mjs --measure=instructions --lib=graft --core=bench/.core-old/packages/core/dist/index.js
 *
 * The build's files are ES modules (its package.json says "type": "module", so keep one beside
 * or above its dist/), and they import `@remix-run/node-fetch-server` by bare name, which Node
 * resolves from the build's directory upward: a build anywhere under /work/main finds it (and
 * tsc finds the types) in the workspace's node_modules; one elsewhere needs a node_modules of
 * its own.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { APPS } from './apps.mjs';
import { LIBRARIES } from './libraries.mjs';

const SCRIPT = fileURLToPath(import.meta.url);
const BENCH_DIR = path.dirname(SCRIPT);
const REPO_DIR = path.dirname(BENCH_DIR);

const flags = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, ...value] = arg.replace(/^--/, '').split('=');
    return [key, value.length ? value.join('=') : 'true'];
  }),
);

const MEASURES = ['instructions', 'allocations'];
const CONCURRENCY = 32;
const WARMUP_CALLS = 3000;
const SAMPLING_INTERVAL = 256;
const LIB_IDS = { graft: 'graft', lmr: 'light-my-request', ftn: 'fetch-to-node' };
/** Node's flags for the children under valgrind (see the header: the count repeats with them). */
const NODE_FLAGS = (flags['node-flags'] ?? '--single-threaded').split(/\s+/).filter(Boolean);

/** Rounds up to whole batches of CONCURRENCY calls. */
const wholeBatches = (n) => Math.max(1, Math.ceil(n / CONCURRENCY)) * CONCURRENCY;

/** The libraries of `--lib`, in the order of libraries.mjs; graft from `--core` if given. */
async function selectedLibraries(libFlag, corePath) {
  const wanted = (libFlag ?? 'graft,lmr,ftn').split(',').map((id) => LIB_IDS[id] ?? id);
  for (const name of wanted) {
    if (!LIBRARIES.some((l) => l.name === name)) throw new Error(`unknown library ${name} (graft, lmr, ftn)`);
  }
  const libraries = LIBRARIES.filter((l) => wanted.includes(l.name)).map((l) => ({ ...l, id: idOf(l.name) }));
  const graft = libraries.find((l) => l.id === 'graft');
  if (graft && corePath) Object.assign(graft, await graftFromBuild(corePath));
  return libraries;
}
const idOf = (name) => Object.keys(LIB_IDS).find((id) => LIB_IDS[id] === name);

/** graft as libraries.mjs has it, with `callNodeApp` from another build of @graft/core. */
async function graftFromBuild(corePath) {
  const { callNodeApp } = await import(pathToFileURL(path.resolve(corePath)).href);
  if (typeof callNodeApp !== 'function') throw new Error(`${corePath} exports no callNodeApp`);
  return {
    name: `graft (${corePath})`,
    prepare(appSpec) {
      const { app } = appSpec.make();
      const url = `http://localhost${appSpec.url}`;
      return async () => {
        const response = await callNodeApp(app, new Request(url));
        return response.arrayBuffer();
      };
    },
  };
}

/** The apps of `--app`: each comma-separated item matches the apps whose name contains it. */
function selectedApps(appFlag) {
  if (!appFlag) return APPS;
  const items = appFlag.split(',');
  const apps = APPS.filter((a) => items.some((item) => a.name.includes(item)));
  if (!apps.length) throw new Error(`no app matches --app=${appFlag} (names: ${APPS.map((a) => a.name).join('; ')})`);
  return apps;
}

const decoder = new TextDecoder();
const asText = (body) => (typeof body === 'string' ? body : decoder.decode(body));

/** Builds the cell's call and checks its body; throws if it is not the app's expected body. */
async function preparedCall(lib, app) {
  const call = lib.prepare(app);
  const body = asText(await call());
  if (body !== app.expected) throw new Error(`wrong body ${JSON.stringify(body.slice(0, 40))}`);
  return call;
}

const nextLoopTurn = () => new Promise((resolve) => setImmediate(resolve));

/** `count` calls (a multiple of CONCURRENCY) in batches of CONCURRENCY, the loop let through between. */
async function runCalls(call, count) {
  const batch = new Array(CONCURRENCY);
  for (let done = 0; done < count; done += CONCURRENCY) {
    for (let i = 0; i < CONCURRENCY; i++) batch[i] = call();
    await Promise.all(batch);
    await nextLoopTurn();
  }
}

// ---------------------------------------------------------------------------------------------
// Child: one cell, `--child --measure=… --child-app=<index in APPS> --child-lib=<id> --calls=N`.

async function child() {
  const app = APPS[Number(flags['child-app'])];
  const [lib] = await selectedLibraries(flags['child-lib'], flags.core);
  const calls = Number(flags.calls);
  const call = await preparedCall(lib, app);
  if (flags.measure === 'instructions') {
    await runCalls(call, calls);
    return;
  }
  await runCalls(call, WARMUP_CALLS);
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: SAMPLING_INTERVAL,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  await runCalls(call, calls);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  session.disconnect();
  // Sum the samples by site: the function on top of the stack and its position. A builtin (Map,
  // RegExp, Array.prototype.map, …) has no script; it is kept apart per caller (the nearest frame
  // with a script), which also decides its group.
  const sites = new Map();
  const stack = [{ node: profile.head, caller: undefined }];
  while (stack.length) {
    const { node, caller } = stack.pop();
    const frame = node.callFrame;
    const self = { functionName: frame.functionName, url: frame.url, line: frame.lineNumber + 1, column: frame.columnNumber + 1 };
    const scripted = frame.url ? self : caller;
    for (const childNode of node.children) stack.push({ node: childNode, caller: scripted });
    if (!node.selfSize) continue;
    const via = frame.url || !caller ? undefined : caller;
    const key = JSON.stringify([self, via]);
    const site = sites.get(key) ?? { ...self, via, bytes: 0 };
    site.bytes += node.selfSize;
    sites.set(key, site);
  }
  const json = JSON.stringify({ calls, sites: [...sites.values()] });
  await new Promise((resolve) => process.stdout.write(json, resolve));
}

// ---------------------------------------------------------------------------------------------
// Parent: child processes, bounded in number and time.

const running = new Set();
const killAll = () => {
  for (const proc of running) proc.kill('SIGKILL');
};

/** Runs a command; resolves with `{ code, stdout, stderr }`, rejects on timeout. */
function run(command, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(proc);
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
    });
    proc.stderr.setEncoding('utf8').on('data', (chunk) => {
      stderr += chunk;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      proc.kill('SIGKILL');
    }, timeoutMs);
    proc.on('error', (error) => {
      clearTimeout(timer);
      running.delete(proc);
      reject(error);
    });
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(proc);
      if (timedOut) reject(new Error(`timed out after ${timeoutMs / 1000} s`));
      else resolve({ code: code ?? signal, stdout, stderr });
    });
  });
}

/** Runs the task functions, at most `limit` at once; resolves with their results in order. */
async function pool(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

const lastLines = (text, n = 4) => text.trim().split('\n').slice(-n).join(' / ');

function childArgs(cell, calls) {
  const args = [SCRIPT, '--child', `--measure=${flags.measure}`, `--child-app=${APPS.indexOf(cell.app)}`];
  args.push(`--child-lib=${cell.lib.id}`, `--calls=${calls}`);
  if (flags.core) args.push(`--core=${path.resolve(flags.core)}`);
  return args;
}

/** Instructions of one child under callgrind making `calls` calls. */
async function countInstructions(cell, calls, timeoutMs) {
  const valgrind = ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, ...NODE_FLAGS];
  const { code, stderr } = await run('valgrind', [...valgrind, ...childArgs(cell, calls)], timeoutMs);
  const collected = /Collected\s*:\s*(\d+)/.exec(stderr);
  if (code !== 0 || !collected) throw new Error(`child exited with ${code}: ${lastLines(stderr)}`);
  return Number(collected[1]);
}

/** Sampled allocation sites of one child making `calls` calls. */
async function sampleAllocations(cell, calls, timeoutMs) {
  const { code, stdout, stderr } = await run(process.execPath, childArgs(cell, calls), timeoutMs);
  if (code !== 0) throw new Error(`child exited with ${code}: ${lastLines(stderr)}`);
  return JSON.parse(stdout);
}

// ---------------------------------------------------------------------------------------------
// Where an allocation happened, by the file of the function on top of the stack.

const GROUPS = {
  fetch: 'Fetch objects (undici, webstreams)',
  node: 'Node http/stream/events',
  core: '@graft/core',
  express: 'Express and its deps',
  library: 'the library (light-my-request / fetch-to-node)',
  other: 'other',
};
const FETCH_MODULES = /^node:internal\/(deps\/undici\/|webstreams\/|worker\/js_transferable|abort_controller|event_target|blob|webidl)/;
const NODE_MODULES = /^node:(_http_|https?$|net$|stream|events$|internal\/(http|streams\/|stream_base|net|process\/task_queues))/;

/** The package directory `name` resolves to from `fromDir` (node_modules lookup), or undefined. */
function packageDir(fromDir, name) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dir === path.dirname(dir)) return undefined;
  }
}

/** `dir` and the directories of its package's dependencies, transitively. */
function withDependencies(dir, into = new Set()) {
  if (!dir || into.has(dir)) return into;
  into.add(dir);
  const manifest = path.join(dir, 'package.json');
  const { dependencies = {} } = existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')) : {};
  for (const name of Object.keys(dependencies)) withDependencies(packageDir(dir, name), into);
  return into;
}

/** Classifies a callFrame url for a cell of library `libId`: a key of GROUPS. */
function makeClassifier(libId, corePath) {
  const coreDir = corePath ? realpathSync(path.dirname(path.resolve(corePath))) : packageDir(BENCH_DIR, '@graft/core');
  const coreDeps = withDependencies(coreDir);
  const libDir = libId === 'graft' ? undefined : packageDir(BENCH_DIR, LIB_IDS[libId]);
  const express = withDependencies(packageDir(BENCH_DIR, 'express'));
  const libDeps = withDependencies(libDir);
  // The first match wins: a package both Express and the library depend on counts as Express's.
  const dirs = [
    ['core', coreDeps],
    ['library', new Set(libDir ? [libDir] : [])],
    ['express', express],
    ['library', libDeps],
  ];
  const cache = new Map();
  return (url) => {
    if (cache.has(url)) return cache.get(url);
    let group = 'other';
    if (FETCH_MODULES.test(url)) group = 'fetch';
    else if (NODE_MODULES.test(url)) group = 'node';
    else if (fileOf(url)) {
      const file = realpathOr(fileOf(url));
      const hit = dirs.find(([, set]) => [...set].some((dir) => file.startsWith(dir + path.sep)));
      if (hit) group = hit[0];
    }
    cache.set(url, group);
    return group;
  };
}
const realpathOr = (file) => {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
};

/** The file of a callFrame url: a file: URL (ES modules) or an absolute path (CommonJS). */
const fileOf = (url) => (url.startsWith('file:') ? fileURLToPath(url) : path.isAbsolute(url) ? url : undefined);

/** A short file name for a callFrame url: from the package in node_modules, else from the repo. */
function shortFile(url) {
  const file = fileOf(url);
  if (!file) return url;
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = file.lastIndexOf(marker);
  return at >= 0 ? file.slice(at + marker.length) : path.relative(REPO_DIR, file);
}

// ---------------------------------------------------------------------------------------------
// Parent: measure the cells and print.

const usage = `usage: node per-call.mjs --measure=instructions|allocations [--lib=graft,lmr,ftn] [--app=bare,hello,json] [--calls=N] [--top=K] [--core=<dist/index.js>] [--jobs=N] [--timeout=s] [--node-flags="…"]`;

async function main() {
  if (!MEASURES.includes(flags.measure)) {
    console.error(usage);
    process.exitCode = 2;
    return;
  }
  const instructions = flags.measure === 'instructions';
  const libraries = await selectedLibraries(flags.lib, flags.core);
  const apps = selectedApps(flags.app);
  const calls = wholeBatches(Number(flags.calls ?? (instructions ? 3000 : 10000)));
  const jobs = Number(flags.jobs ?? 2);
  const timeoutMs = Number(flags.timeout ?? 600) * 1000;

  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      killAll();
      process.exit(130);
    });
  }

  // Check every cell in this process first: a cell that cannot answer is reported, not measured.
  const cells = [];
  for (const app of apps) {
    for (const lib of libraries) {
      const cell = { app, lib, failure: undefined, result: undefined };
      try {
        await preparedCall(lib, app);
      } catch (error) {
        cell.failure = error instanceof Error ? error.message : String(error);
      }
      cells.push(cell);
    }
  }

  console.log(`# Per-call cost: ${instructions ? 'machine instructions' : 'bytes allocated'}`);
  console.log(``);
  console.log(`- Node ${process.version}, ${os.cpus()[0]?.model}, ${os.cpus().length} cores, ${new Date().toISOString()}`);
  if (flags.core) console.log(`- graft is @graft/core from ${flags.core}, not the workspace's`);
  const n1 = wholeBatches(calls / 2);
  if (instructions) {
    const { stdout: version } = await run('valgrind', ['--version'], 10_000);
    console.log(
      `- ${version.trim()} --tool=callgrind, node ${NODE_FLAGS.join(' ') || '(no flags)'}; each cell: one child making ${n1} calls, one making ${n1 + calls}; (I2 − I1) / ${calls}; batches of ${CONCURRENCY} concurrent calls`,
    );
  } else {
    console.log(
      `- V8 sampling heap profiler, ${SAMPLING_INTERVAL}-byte sampling interval, garbage included; each cell: one child, ${WARMUP_CALLS} warm-up calls, ${calls} sampled calls; batches of ${CONCURRENCY} concurrent calls`,
    );
  }
  console.log(``);

  const started = Date.now();
  const measured = cells.filter((cell) => !cell.failure);
  const progress = (cell, text) =>
    process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${cell.app.name} / ${cell.lib.name}: ${text}\n`);
  const failed = (cell) => (error) => {
    cell.failure = error instanceof Error ? error.message : String(error);
    progress(cell, `failed: ${cell.failure}`);
  };
  if (instructions) {
    const tasks = measured.flatMap((cell) => {
      const counts = [];
      return [n1, n1 + calls].map((n, i) => async () => {
        if (cell.failure) return;
        try {
          counts[i] = await countInstructions(cell, n, timeoutMs);
          progress(cell, `${counts[i]} instructions for ${n} calls`);
          if (counts[0] !== undefined && counts[1] !== undefined) cell.result = (counts[1] - counts[0]) / calls;
        } catch (error) {
          failed(cell)(error);
        }
      });
    });
    await pool(tasks, jobs);
  } else {
    const tasks = measured.map((cell) => async () => {
      try {
        const { sites } = await sampleAllocations(cell, calls, timeoutMs);
        const classify = makeClassifier(cell.lib.id, flags.core);
        cell.sites = sites.map((site) => ({ ...site, group: classify((site.via ?? site).url), bytes: site.bytes / calls }));
        cell.result = cell.sites.reduce((sum, site) => sum + site.bytes, 0);
        progress(cell, `${(cell.result / 1024).toFixed(1)} KB per call`);
      } catch (error) {
        failed(cell)(error);
      }
    });
    await pool(tasks, jobs);
  }

  const cellOf = (app, lib) => cells.find((c) => c.app === app && c.lib === lib);
  const format = instructions ? (n) => `${Math.round(n / 1000)}k` : (n) => (n / 1024).toFixed(1);
  const show = (cell) => (cell.failure ? `fails: ${cell.failure}` : cell.result === undefined ? 'n/a' : format(cell.result));
  const graft = libraries.find((l) => l.id === 'graft');
  const peers = graft ? libraries.filter((l) => l !== graft) : [];
  const unit = instructions ? 'instructions/call' : 'KB/call';
  console.log(`| app | ${libraries.map((l) => `${l.name} ${unit}`).join(' | ')} |${peers.map((p) => ` graft ÷ ${p.name} |`).join('')}`);
  console.log(`|---|${libraries.map(() => '---:|').join('')}${peers.map(() => '---:|').join('')}`);
  for (const app of apps) {
    const ratios = peers.map((peer) => {
      const [a, b] = [cellOf(app, graft).result, cellOf(app, peer).result];
      return a && b ? ` ${(a / b).toFixed(2)}× |` : ' n/a |';
    });
    console.log(`| ${app.name} | ${libraries.map((lib) => show(cellOf(app, lib))).join(' | ')} |${ratios.join('')}`);
  }
  console.log(``);
  if (peers.length)
    console.log(`Ratios below 1.00× mean graft ${instructions ? 'runs fewer instructions' : 'allocates less'} per call than that library.`);
  if (instructions) {
    console.log(`Instructions per call, thousands (k); all threads, the garbage collector's included.`);
    return;
  }
  console.log(`KB = 1024 bytes allocated on the V8 heap per call, garbage included (sampled estimates).`);
  console.log(``);

  const groupKeys = Object.keys(GROUPS);
  console.log(`## KB per call by where it was allocated`);
  console.log(``);
  console.log(`| app | library | total | ${groupKeys.map((g) => GROUPS[g]).join(' | ')} |`);
  console.log(`|---|---|---:|${groupKeys.map(() => '---:|').join('')}`);
  for (const cell of cells) {
    if (!cell.sites) continue;
    const byGroup = groupKeys.map((g) => cell.sites.filter((s) => s.group === g).reduce((sum, s) => sum + s.bytes, 0));
    console.log(`| ${cell.app.name} | ${cell.lib.name} | ${format(cell.result)} | ${byGroup.map(format).join(' | ')} |`);
  }

  const top = Number(flags.top ?? 0);
  if (!top) return;
  for (const cell of cells) {
    if (!cell.sites) continue;
    console.log(``);
    console.log(`## ${cell.app.name} / ${cell.lib.name}: the ${top} biggest allocation sites (of ${format(cell.result)} KB per call)`);
    console.log(``);
    console.log(`| bytes/call | function | file:line:column | group |`);
    console.log(`|---:|---|---|---|`);
    const place = (frame) => `${shortFile(frame.url)}:${frame.line}:${frame.column}`;
    for (const site of [...cell.sites].sort((a, b) => b.bytes - a.bytes).slice(0, top)) {
      const name = site.functionName || '(anonymous)';
      const [what, where] = site.url
        ? [name, place(site)]
        : site.via
          ? [`${name} (builtin) in ${site.via.functionName || '(anonymous)'}`, place(site.via)]
          : [name, '(no script)'];
      console.log(`| ${Math.round(site.bytes)} | ${what} | ${where} | ${GROUPS[site.group]} |`);
    }
  }
}

if (flags.child) {
  try {
    await child();
    process.exit(0);
  } catch (error) {
    console.error(error instanceof Error ? error.stack : String(error));
    process.exit(1);
  }
} else {
  try {
    await main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(usage);
    process.exitCode = 2;
  }
}
