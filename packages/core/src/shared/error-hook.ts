/**
 * The one `onError` contract. Every part of Graft that catches a failure — `callNodeApp`,
 * `toNodeListener`, `createMountServer` and its mounts, the `cgi` and `proxy` gateways — reports
 * it the same way, `onError(error, info)`, and treats the answer the same way: before the
 * response head has gone out, a returned `Response` is sent instead of Graft's own plain-text
 * answer; afterwards the response is cut short and the hook only reports.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendResponse } from '@remix-run/node-fetch-server';
import { plainTextResponse, sendPlainText } from './plain-text.js';

/**
 * Where a failure was caught:
 *
 * | where | what failed | reported by |
 * | --- | --- | --- |
 * | `app` | a Node app threw, rejected or emitted `'error'`; a fetch handler threw, rejected, returned no `Response`, or its body failed | `callNodeApp`, `toNodeListener`, `createMountServer` |
 * | `identity` | the `identity` function threw, rejected, or answered an id that cannot travel in a header | `createMountServer` |
 * | `upgrade` | an `upgrade` handler threw or rejected | `createMountServer` |
 * | `cgi` | the CGI program could not start, broke the protocol, took too long or failed mid-body | `cgi()` |
 * | `proxy` | the upstream was unreachable, too slow, sent an unusable head or failed mid-body | `proxy()` |
 */
export type GraftErrorSource = 'app' | 'identity' | 'upgrade' | 'cgi' | 'proxy';

/** What Graft tells an {@link GraftErrorHandler} about a failure besides the error itself. */
export interface GraftErrorInfo {
  /** Where the failure was caught; see {@link GraftErrorSource}. */
  readonly where: GraftErrorSource;
  /**
   * The Fetch request being answered: always there for `callNodeApp` and fetch handlers
   * (`toNodeListener`, fetch mounts); absent where the request never became one.
   */
  readonly request?: Request;
  /** The Node request being answered: there for the front door, `toNodeListener` and the gateways. */
  readonly req?: IncomingMessage;
  /**
   * Whether the response head had already gone out. Then a returned `Response` is ignored, and
   * the response is cut short so the client sees it is incomplete.
   */
  readonly headersSent: boolean;
}

/** The {@link GraftErrorInfo} of a failure on the Fetch side, where the `Request` is always known. */
export type FetchErrorInfo = GraftErrorInfo & { readonly request: Request };

/**
 * The `onError` option of `callNodeApp`, `toNodeListener`, `createMountServer` (and its fetch
 * mounts), `cgi` and `proxy`: one function can serve them all.
 *
 * - It receives what failed (usually an `Error`; from the gateways a `GatewayError` whose `code`
 *   is a `GraftErrorCode` and whose `cause` is the underlying error) and where ({@link GraftErrorInfo}).
 * - Before the head is sent it may return (or resolve with) a `Response`, which is sent instead
 *   of Graft's plain-text answer (`500 Internal Server Error`, `502 Bad Gateway`,
 *   `504 Gateway Timeout`). Returning nothing keeps that answer. A failed upgrade has no
 *   response to replace: its socket is closed.
 * - If the hook throws or rejects, `callNodeApp` rejects with that error (the host called it
 *   and decides); everywhere else the hook's failure is logged and Graft's answer is sent.
 * - Without a hook, the failure is logged with `console.error` (the gateways: to `logger`).
 *
 * @example
 * ```ts
 * const onError: GraftErrorHandler = (error, { where, request }) => {
 *   Sentry.captureException(error, { tags: { where }, extra: { url: request?.url } });
 *   if (error instanceof GraftError && error.code === 'GRAFT_GATEWAY_TIMEOUT') {
 *     return new Response('The wiki is slow today; try again in a minute.', { status: 504 });
 *   }
 * };
 * ```
 */
export type GraftErrorHandler<Info extends GraftErrorInfo = GraftErrorInfo> = (error: unknown, info: Info) => GraftErrorHookResult;

/** What a {@link GraftErrorHandler} returns: a `Response` to send instead of Graft's, or nothing. */
// biome-ignore lint/suspicious/noConfusingVoidType: a hook that only reports returns nothing; `void` lets it.
export type GraftErrorHookResult = Response | void | Promise<Response | void>;

/** A `Response` from this realm or another (an undici or polyfill copy): duck-typed. */
export function isResponse(value: unknown): value is Response {
  if (value instanceof Response) return true;
  const r = value as Partial<Response> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.status === 'number' &&
    typeof (r.headers as Headers | undefined)?.[Symbol.iterator] === 'function'
  );
}

/** How Graft logs a failure nobody else hears of: `[graft] <what>: <error>` on stderr. */
export function logFailure(what: string, error: unknown): void {
  console.error(`[graft] ${what}:`, error);
}

/**
 * Reports `error` to `hook` (without one, to `fallback`) and hands `answer` the `Response` the
 * hook returned, or `undefined`. A hook that answers synchronously is answered synchronously;
 * one that throws or rejects is logged and counts as no answer. Never throws.
 */
export function consultErrorHook<Info extends GraftErrorInfo>(
  hook: GraftErrorHandler<Info> | undefined,
  error: unknown,
  info: Info,
  fallback: (error: unknown) => void,
  answer: (replacement: Response | undefined) => void = () => {},
): void {
  if (!hook) {
    fallback(error);
    answer(undefined);
    return;
  }
  const hookFailed = (hookError: unknown): void => {
    logFailure('onError failed', hookError);
    answer(undefined);
  };
  let result: GraftErrorHookResult;
  try {
    result = hook(error, info);
  } catch (hookError) {
    hookFailed(hookError);
    return;
  }
  if (isResponse(result) || typeof (result as PromiseLike<unknown> | undefined)?.then !== 'function') {
    answer(isResponse(result) ? result : undefined);
    return;
  }
  (result as PromiseLike<unknown>).then((value) => answer(isResponse(value) ? value : undefined), hookFailed);
}

/**
 * The Fetch side of a failure: the hook's `Response`, else a plain-text 500 — the
 * {@link consultErrorHook} rules, as a promise that never rejects.
 */
export function failureResponse<Info extends GraftErrorInfo>(
  hook: GraftErrorHandler<Info> | undefined,
  error: unknown,
  info: Info,
  fallback: (error: unknown) => void,
): Promise<Response> {
  return new Promise((resolve) =>
    consultErrorHook(hook, error, info, fallback, (replacement) => resolve(replacement ?? internalServerError())),
  );
}

/** Graft's own answer to a failure on the Fetch side. */
export function internalServerError(): Response {
  return plainTextResponse(500, 'Internal Server Error');
}

/**
 * The Node side of a failure: reports it (see {@link consultErrorHook}), then answers `res` with
 * the hook's `Response`, else with `status` and `text` as plain text. A response already under
 * way is cut short instead (as `sendPlainText` does).
 */
export function answerFailure<Info extends GraftErrorInfo>(
  res: ServerResponse,
  failure: { status: number; text: string; error: unknown; info: Info },
  hook: GraftErrorHandler<Info> | undefined,
  fallback: (error: unknown) => void,
): void {
  consultErrorHook(hook, failure.error, failure.info, fallback, (replacement) => {
    if (replacement) sendReplacement(res, replacement);
    else sendPlainText(res, failure.status, failure.text);
  });
}

function sendReplacement(res: ServerResponse, response: Response): void {
  if (res.headersSent || res.destroyed || res.req?.method === 'HEAD') response.body?.cancel().catch(() => {});
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  sendResponse(res, response).catch(() => res.destroy());
}
