/**
 * Waiting in tests: a promise with its resolve exposed, a bounded wait for an event, and a bounded
 * window for an event that must not come. A test waits on the event that matters, never a fixed
 * sleep; where there is no event to wait on (another process, /proc), it polls with
 * `vi.waitFor`/`expect.poll` and an explicit timeout.
 */

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

/**
 * Resolves with `value` unless `promise` settles first. As a bounded wait for an event, the caller
 * asserts it did not get `value`; as a window for an event that must not come, that it did.
 */
export function orAfter<T, U>(promise: Promise<T>, ms: number, value: U): Promise<T | U> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<U>((resolve) => {
      timer = setTimeout(() => resolve(value), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Settles as `promise` does, or rejects naming `what` once `ms` have passed: a bounded wait for an event. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  const late = Symbol('late');
  const result = await orAfter(promise, ms, late);
  if (result === late) throw new Error(`${what} did not happen within ${ms} ms`);
  return result as T;
}

/** Lets the callbacks already queued (I/O, timers due, immediates) run: one turn of the event loop. */
export const tick = (): Promise<void> => new Promise((r) => setTimeout(r));
