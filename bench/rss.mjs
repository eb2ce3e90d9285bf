/**
 * Samples a process's resident set size (VmRSS in /proc/<pid>/status) every 50 ms while a
 * transfer runs, to tell whether the serving process streams a body or holds it in memory.
 */
import { readFileSync } from 'node:fs';

/** Current VmRSS of `pid` in bytes, or `undefined` if it cannot be read (process gone). */
export function readRss(pid) {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * Starts sampling; `stop()` returns `{ startBytes, peakBytes, growthBytes }` where growth is the
 * highest sample minus the one taken at the start.
 */
export function sampleRss(pid, intervalMs = 50) {
  const startBytes = readRss(pid) ?? 0;
  let peakBytes = startBytes;
  const timer = setInterval(() => {
    const rss = readRss(pid);
    if (rss !== undefined && rss > peakBytes) peakBytes = rss;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const rss = readRss(pid);
      if (rss !== undefined && rss > peakBytes) peakBytes = rss;
      return { startBytes, peakBytes, growthBytes: peakBytes - startBytes };
    },
  };
}
