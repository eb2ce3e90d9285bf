/**
 * Test-only probes for child processes the gateways start: is a pid still there, and which pids
 * a fixture reported on its stderr.
 */
import { readFileSync } from 'node:fs';
import { vi } from 'vitest';

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
 * Waits until the process is gone, polling /proc for at most `limitMs` (it is not our child: there
 * is no 'exit' event to wait on); returns whether it went. A bound on the wait, not a timing
 * assertion: the caller asserts only the returned fact.
 */
export async function waitUntilGone(pid: number, limitMs = 10_000): Promise<boolean> {
  try {
    await vi.waitFor(
      () => {
        if (isAlive(pid)) throw new Error(`pid ${pid} is still alive`);
      },
      { timeout: limitMs, interval: 20 },
    );
    return true;
  } catch {
    return false;
  }
}

/**
 * Every `name=<number>` entry in `lines` (a gateway's log of its program's stderr), once there are
 * at least `count`. Polled every 10 ms for at most `limitMs`: the tests' loggers only collect lines.
 */
export function reportedPids(lines: readonly string[], count: number, name = 'pid', limitMs = 10_000): Promise<number[]> {
  const pattern = new RegExp(`\\b${name}=(\\d+)`, 'g');
  return vi.waitFor(
    () => {
      const pids = lines.flatMap((line) => [...line.matchAll(pattern)].map((match) => Number(match[1])));
      if (pids.length < count) throw new Error(`expected ${count} ${name}= entries in ${JSON.stringify(lines)}`);
      return pids;
    },
    { timeout: limitMs, interval: 10 },
  );
}

/** The first `name=<number>` entry in `lines`, waiting (bounded) until there is one. */
export async function reportedPid(lines: readonly string[], name = 'pid', limitMs = 10_000): Promise<number> {
  const [pid] = await reportedPids(lines, 1, name, limitMs);
  return pid!;
}
