/**
 * What a failure of the embedded app becomes, the same for a Node app and a fetch app: reported
 * to `onError` (`where: 'app'`) or logged, and before the head is sent, answered with the hook's
 * `Response` or a plain-text 500.
 */
import {
  consultErrorHook,
  type FetchErrorInfo,
  type GraftErrorHandler,
  internalServerError,
  isResponse,
  logFailure,
} from '../shared/error-hook.js';

/** How a failure nobody else hears of is logged: `[graft] the embedded app failed: …`. */
export function logAppFailure(error: unknown): void {
  logFailure('the embedded app failed', error);
}

/**
 * The answer to a failure before the head was sent: `onError`'s `Response`, else a plain-text
 * 500. Unlike a server's, this hook may throw: the host called `callNodeApp`, so the returned
 * promise rejects with the hook's error, and the host decides.
 */
export function appFailureResponse(
  onError: GraftErrorHandler<FetchErrorInfo> | undefined,
  error: unknown,
  info: FetchErrorInfo,
): Promise<Response> {
  return Promise.resolve()
    .then(() => (onError ? onError(error, info) : logAppFailure(error)))
    .then((replacement) => (isResponse(replacement) ? replacement : internalServerError()));
}

/** Reports a failure after the head was sent (the body is cut short): the hook only hears of it. */
export function reportAppFailure(onError: GraftErrorHandler<FetchErrorInfo> | undefined, error: unknown, info: FetchErrorInfo): void {
  consultErrorHook(onError, error, info, logAppFailure);
}
