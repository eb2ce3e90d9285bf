/**
 * Timing: how many calls per second a `call()` sustains with a bounded number in flight.
 */
import { performance } from 'node:perf_hooks';

const nextLoopTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs `call` in batches of `concurrency` concurrent calls for `durationMs` and returns calls
 * per second. A rejected call rejects.
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
  const start = performance.now();
  const deadline = start + durationMs;
  while (performance.now() < deadline) {
    for (let i = 0; i < concurrency; i++) batch[i] = call();
    await Promise.all(batch);
    count += concurrency;
    await nextLoopTurn();
  }
  return count / ((performance.now() - start) / 1000);
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
