/**
 * Large transfers and first-byte latency through (a), (c), (d) and (f): each transfer is made by
 * transfer-client.mjs in its own process (it discards the bytes), while this process samples the
 * serving process's RSS every 50 ms.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DRIP_CHUNKS } from './http-app.mjs';
import { runProcess } from './processes.mjs';
import { fixed, MiB, median, printTable, progress, rotate, times } from './report.mjs';
import { sampleRss } from './rss.mjs';

const CLIENT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'transfer-client.mjs');
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One transfer by a client process, with the serving process's RSS sampled meanwhile. The client
 * gives up after `timeoutMs` (and reports it), so a route that stalls costs that long at most.
 */
async function transferOnce(target, mode, urlPath, bytes, timeoutMs) {
  const url = target.url(urlPath);
  const sampler = sampleRss(target.server().pid);
  const { code, stdout, stderr } = await runProcess(process.execPath, [CLIENT, mode, url, String(bytes ?? 0), String(timeoutMs)]);
  const rss = sampler.stop();
  let result;
  try {
    result = JSON.parse(stdout.trim().split('\n').at(-1));
  } catch {
    result = { error: `client exited ${code}: ${stderr.slice(-300)}` };
  }
  return { ...result, rssGrowthBytes: rss.growthBytes };
}

/** Whether a run moved every byte and got a 200; else a short description of what happened. */
function problemOf(run, mode, bytes) {
  if (run.error) return `error ${run.error} after ${fixed(run.seconds)} s`;
  if (run.status !== 200) return `${run.status} ${run.body ? JSON.stringify(run.body.trim()) : ''} after ${fixed(run.seconds)} s`;
  if (mode === 'download' && run.bytes !== bytes) return `got ${run.bytes} of ${bytes} bytes`;
  if (mode === 'upload' && (run.received !== bytes || run.uploaded !== bytes)) {
    return `app received ${run.received} of ${bytes} bytes`;
  }
  if (mode === 'drip' && run.chunkMs?.length !== DRIP_CHUNKS) return `${run.chunkMs?.length ?? 0} chunks`;
  return undefined;
}

function summarize(runs, mode, bytes) {
  const good = runs.filter((run) => !problemOf(run, mode, bytes));
  const problems = [...new Set(runs.map((run) => problemOf(run, mode, bytes)).filter(Boolean))];
  const moved = mode === 'upload' ? (run) => run.uploaded : (run) => run.bytes;
  return {
    runs,
    complete: good.length,
    problems,
    mibPerSecond: good.length ? median(good.map((run) => moved(run) / MiB / run.seconds)) : NaN,
    ttfbMs: good.length ? median(good.map((run) => run.ttfbMs)) : NaN,
    lastChunkMs: good.length && mode === 'drip' ? median(good.map((run) => run.chunkMs.at(-1))) : NaN,
    rssGrowthMiB: Math.max(...runs.map((run) => run.rssGrowthBytes)) / MiB,
    rssGrowthMedianMiB: median(runs.map((run) => run.rssGrowthBytes)) / MiB,
  };
}

/**
 * Runs `reps` transfers per target, interleaved. Resolves with `{ [targetId]: summary }`.
 * `target.server()` gives the serving process (its `pid` is sampled). `warmup`
 * (`{ urlPath, bytes }`) is one untimed transfer per target first, so that no timed run pays for
 * loading code or JIT compilation. `timeoutMs` bounds each transfer (default 90 s).
 */
export async function runTransfers(targets, { mode, urlPath, bytes, reps, warmup, timeoutMs = 90_000 }) {
  if (warmup) {
    for (const target of targets) await transferOnce(target, mode, warmup.urlPath, warmup.bytes, timeoutMs);
  }
  const runs = Object.fromEntries(targets.map((t) => [t.id, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (const target of rotate(targets, rep)) {
      progress(`${mode} ${urlPath} run ${rep + 1}/${reps}: ${target.label}`);
      runs[target.id].push(await transferOnce(target, mode, urlPath, bytes, timeoutMs));
      // A rest between timed runs, not a wait for an event: the next run's RSS baseline and timing
      // should not carry the last transfer's garbage collection and socket teardown.
      await pause(300);
    }
  }
  return Object.fromEntries(targets.map((t) => [t.id, summarize(runs[t.id], mode, bytes)]));
}

const outcome = (s) =>
  s.problems.length ? `${s.complete}/${s.runs.length} complete; ${s.problems.join('; ')}` : `${s.complete}/${s.runs.length} complete`;

export function printDownloadTable(targets, results) {
  printTable(
    ['route', 'MiB/s (median)', '× (a)', 'first byte ms (median)', 'peak RSS growth MiB (max; median)', 'outcome'],
    targets.map((t) => {
      const s = results[t.id];
      return [
        t.label,
        fixed(s.mibPerSecond, 0),
        times(s.mibPerSecond, results.a?.mibPerSecond),
        fixed(s.ttfbMs, 1),
        `${fixed(s.rssGrowthMiB)}; ${fixed(s.rssGrowthMedianMiB)}`,
        outcome(s),
      ];
    }),
    'lrrrrl',
  );
}

export function printUploadTable(rows, ceiling) {
  printTable(
    ['route', 'MiB/s (median)', '× (a)', 'peak RSS growth MiB (max; median)', 'outcome'],
    rows.map(({ label, summary: s }) => [
      label,
      fixed(s.mibPerSecond, 0),
      times(s.mibPerSecond, ceiling),
      `${fixed(s.rssGrowthMiB)}; ${fixed(s.rssGrowthMedianMiB)}`,
      outcome(s),
    ]),
    'lrrrl',
  );
}

export function printDripTable(targets, results) {
  printTable(
    ['route', 'first byte ms (median)', 'vs (a)', `last (${DRIP_CHUNKS}th) chunk ms (median)`, 'outcome'],
    targets.map((t) => {
      const s = results[t.id];
      const delta = s.ttfbMs - results.a?.ttfbMs;
      return [
        t.label,
        fixed(s.ttfbMs, 1),
        t.id === 'a' || !Number.isFinite(delta) ? '' : `${delta >= 0 ? '+' : ''}${fixed(delta, 1)} ms`,
        fixed(s.lastChunkMs, 0),
        outcome(s),
      ];
    }),
    'lrrrl',
  );
}
