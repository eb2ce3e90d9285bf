/** A promise with its resolve exposed, for stepping an app and a reader in lockstep. */
export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Resolves when `emitter` emits `event` (once). */
export function once(emitter: NodeJS.EventEmitter, event: string): Promise<unknown[]> {
  return new Promise((resolve) => emitter.once(event, (...args: unknown[]) => resolve(args)));
}

/** Waits for pending I/O callbacks and timers of this turn to run. */
export const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));
