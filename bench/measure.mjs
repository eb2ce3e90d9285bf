/**
 * Timing: how many calls per second a `call()` sustains with a bounded number in flight, and how
 * much CPU time of the process each call costs.
 */
import { performance } from 'node:perf_hooks';

const nextLoopTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs `call` in batches of `concurrency` concurrent calls for `durationMs`. Resolves with
 * `{ rate, cpuPerCallUs }`: calls per wall-clock second, and the CPU time of the whole process
 * (`process.cpuUsage()`, user + system, every thread: V8's background GC and compiler threads
 * included) over the same window divided by the calls made, in µs. A rejected call rejects.
 *
 * Calls/s leaves out work on helper threads and counts time the process waited for a core; CPU
 * per call counts the one and not the other. Both rise when other work slows the core itself
 * (caches, an SMT sibling), so libraries are compared within one run, interleaved.
 *
 * Between batches the event loop is let through (setImmediate), as it is between requests in a
 * real server. Without that, a loop of calls that resolve through promises alone never leaves the
 * microtask queue: Node runs no `process.nextTick` callbacks meanwhile, so every library that
 * uses them (graft and light-my-request do, through Node's own streams) piles up ticks and the
 * objects they hold: over 1 GB in 10 s when this was first written, which measured the garbage
 * collector rather than the libraries.
 */
export async function callsPerSecond(call, durationMs, concurrency) {
  // Garbage left by the previous batch should not be collected on this one's time.
  globalThis.gc?.();
  await nextLoopTurn();
  let count = 0;
  const batch = new Array(concurrency);
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const deadline = start + durationMs;
  while (performance.now() < deadline) {
    for (let i = 0; i < concurrency; i++) batch[i] = call();
    await Promise.all(batch);
    count += concurrency;
    await nextLoopTurn();
  }
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { rate: count / (wallMs / 1000), cpuPerCallUs: (cpu.user + cpu.system) / count };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
