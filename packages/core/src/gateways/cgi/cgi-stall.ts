/**
 * The stall watchdog of a gateway response that is already streaming: once the head is out, the
 * `timeout` before it no longer applies, and a client that stops reading (or a program that stops
 * writing) would otherwise hold the program — and its concurrency slot — for ever.
 */

/** Watches one streaming response for progress. */
export interface StallWatchdog {
  /** Something moved (output accepted or flushed to the client, request body fed to the program). */
  progress(): void;
  /** No more watching: the run has ended. Idempotent. */
  stop(): void;
}

/**
 * Calls `onStall` once when `ms` milliseconds pass without a call to `progress()`. The timer is
 * not re-armed on every chunk: it checks the time of the last progress when it fires, so a fast
 * stream costs one timer per `ms`. It does not keep the event loop alive (the program does).
 */
export function startStallWatchdog(ms: number, onStall: () => void): StallWatchdog {
  let last = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const check = (): void => {
    const idle = performance.now() - last;
    if (idle >= ms) {
      timer = undefined;
      onStall();
      return;
    }
    arm(ms - idle);
  };
  const arm = (delay: number): void => {
    timer = setTimeout(check, Math.max(1, Math.ceil(delay)));
    timer.unref();
  };
  arm(ms);
  return {
    progress() {
      last = performance.now();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
