/**
 * How the gateways report a failure: as a {@link GatewayError} to the gateway's `onError` (the
 * one contract of `shared/error-hook.ts`), or without one as a line to its `logger`; and, while
 * no head has gone out, how they answer it (the hook's `Response`, else a plain-text 5xx).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerFailure, consultErrorHook, type GraftErrorHandler, type GraftErrorInfo } from '../shared/error-hook.js';
import { GraftError } from '../shared/errors.js';

/** The codes a {@link GatewayError} carries. */
export type GatewayErrorCode = 'GRAFT_GATEWAY_FAILED' | 'GRAFT_GATEWAY_TIMEOUT' | 'GRAFT_CGI_PROTOCOL';

/**
 * A gateway (`cgi`, `proxy`) could not get a usable answer from its program or upstream, or lost
 * it mid-body. Never thrown to the host: it is what the gateway's `onError` receives. `code`
 * tells a timeout (`GRAFT_GATEWAY_TIMEOUT`) from any other failure (`GRAFT_GATEWAY_FAILED`);
 * `cause` is the underlying error (a spawn or socket error), when there is one.
 */
export class GatewayError extends GraftError {
  constructor(code: GatewayErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}

/** What a gateway reports with: checked once, from its options. */
export interface GatewayReporting {
  /** Which gateway: the `where` its failures reach `onError` with. */
  readonly where: 'cgi' | 'proxy';
  /** The gateway's `onError`. */
  readonly onError: GraftErrorHandler | undefined;
  /** The gateway's `logger`, each line prefixed with the gateway's name. */
  readonly log: (message: string) => void;
}

function infoOf(reporting: GatewayReporting, req: IncomingMessage, res: ServerResponse): GraftErrorInfo {
  return { where: reporting.where, req, headersSent: res.headersSent };
}

/** Reports a failure the gateway does not answer (the response is cut short, or already answered). */
export function reportGatewayFailure(reporting: GatewayReporting, req: IncomingMessage, res: ServerResponse, error: GatewayError): void {
  consultErrorHook(reporting.onError, error, infoOf(reporting, req, res), () => reporting.log(error.message));
}

/**
 * Reports a failure and answers it, unless the head has gone out (then the response is cut
 * short): the hook's `Response`, else `status` with `text` as plain text.
 */
export function answerGatewayFailure(
  reporting: GatewayReporting,
  req: IncomingMessage,
  res: ServerResponse,
  error: GatewayError,
  answer: { status: 500 | 502 | 504; text: string },
): void {
  answerFailure(res, { status: answer.status, text: `${answer.text}\n`, error, info: infoOf(reporting, req, res) }, reporting.onError, () =>
    reporting.log(error.message),
  );
}
