/**
 * The two ways a call ends before the app answers, watched together: the host's `timeout` and
 * the client leaving (`request.signal` aborts). Armed only while an answer is pending (a call the
 * app answers synchronously starts no timer and adds no listener), disarmed once. Used by the Node
 * call (`exchange.ts`) and the fetch call (`call-fetch-app.ts`).
 */
import { DEFAULT_TIMEOUT } from './call-options.js';

export class HeadWatch {
  #timer: NodeJS.Timeout | undefined;
  #signal: AbortSignal | undefined;
  #onAbort: (() => void) | undefined;

  /**
   * Starts the timer (`timeout` ms, default 30 000; `0` or a non-finite value: none) and the
   * abort listener on `signal`. `onTimeout` runs at most once, after which the timer is gone.
   */
  arm(signal: AbortSignal, timeout: number | undefined, onTimeout: () => void, onClientGone: (reason: unknown) => void): void {
    const ms = timeout ?? DEFAULT_TIMEOUT;
    if (ms > 0 && Number.isFinite(ms)) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        onTimeout();
      }, ms);
      this.#timer.unref();
    }
    this.#signal = signal;
    this.#onAbort = () => onClientGone(signal.reason);
    signal.addEventListener('abort', this.#onAbort);
  }

  /** Stops the timer only: the head has come, the client may still leave mid-body. */
  stopTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Stops both; safe to call more than once, or without `arm`. */
  disarm(): void {
    this.stopTimer();
    if (this.#onAbort) this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#onAbort = undefined;
    this.#signal = undefined;
  }
}
