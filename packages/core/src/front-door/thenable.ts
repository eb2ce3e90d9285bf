/**
 * Calling app code that may answer synchronously or with a promise, without a microtask when it
 * answers synchronously (the front door's fast path), and with every failure in one place.
 */

/** Whether `value` is a promise or any object with a `then` method. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as PromiseLike<unknown>).then === 'function';
}

/** Calls `call`; a throw, or a rejection of the thenable it returns, goes to `fail`. */
export function callCatching(call: () => unknown, fail: (error: unknown) => void): void {
  try {
    const result = call();
    if (isThenable(result)) result.then(undefined, fail);
  } catch (error) {
    fail(error);
  }
}
