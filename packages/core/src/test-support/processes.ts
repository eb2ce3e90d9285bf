/**
 * Test-only probes for child processes the gateways start: is a pid still there, and which pids
 * a fixture reported on its stderr.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Whether a process with this pid exists and is not a zombie (signal 0 checks without sending
 * anything; a zombie is dead and only waits for a parent that is not us, e.g. the sandbox's init).
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/PID/stat: "pid (comm) STATE ..."; comm may contain spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Waits until the process is gone, polling for at most `limitMs`; returns whether it went. A
 * bound on the wait, not a timing assertion: the caller asserts only the returned fact.
 */
export async function waitUntilGone(pid: number, limitMs = 10_000): Promise<boolean> {
  const until = Date.now() + limitMs;
  while (isAlive(pid)) {
    if (Date.now() > until) return false;
    await sleep(20);
  }
  return true;
}

/** Waits until `lines` contains a `name=<number>` entry and returns the number. */
export async function reportedPid(lines: readonly string[], name = 'pid', limitMs = 10_000): Promise<number> {
  const until = Date.now() + limitMs;
  const pattern = new RegExp(`\\b${name}=(\\d+)`);
  for (;;) {
    for (const line of lines) {
      const match = pattern.exec(line);
      if (match) return Number(match[1]);
    }
    if (Date.now() > until) throw new Error(`no ${name}= line in ${JSON.stringify(lines)}`);
    await sleep(10);
  }
}
