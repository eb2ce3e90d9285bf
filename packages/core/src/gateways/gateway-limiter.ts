/**
 * A concurrency cap with a bounded waiting line, for gateways that start a process per request.
 */

/** A place in the limiter: started now, or waiting for a slot. */
export interface LimiterTicket {
  /** Gives the slot back (when running) or leaves the line (when waiting). Idempotent. */
  release(): void;
}

export interface Limiter {
  /**
   * Runs `start` as soon as fewer than `max` tasks hold a slot — at once if possible. Returns
   * `undefined` when `maxQueue` tasks are already waiting: the caller should answer 503.
   */
  acquire(start: () => void): LimiterTicket | undefined;
  readonly active: number;
  readonly waiting: number;
}

/** Creates a limiter allowing `max` concurrent tasks and `maxQueue` waiting ones. */
export function createLimiter(max: number, maxQueue: number): Limiter {
  let active = 0;
  const queue: Array<{ start: () => void; state: 'waiting' | 'running' | 'done' }> = [];

  const next = (): void => {
    while (active < max && queue.length > 0) {
      const entry = queue.shift()!;
      entry.state = 'running';
      active++;
      entry.start();
    }
  };

  return {
    acquire(start) {
      const entry = { start, state: 'waiting' as 'waiting' | 'running' | 'done' };
      if (active < max) {
        entry.state = 'running';
        active++;
        start();
      } else if (queue.length < maxQueue) {
        queue.push(entry);
      } else {
        return undefined;
      }
      return {
        release() {
          if (entry.state === 'waiting') {
            queue.splice(queue.indexOf(entry), 1);
          } else if (entry.state === 'running') {
            active--;
            entry.state = 'done';
            next();
            return;
          }
          entry.state = 'done';
        },
      };
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}
