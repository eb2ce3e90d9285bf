/**
 * The notes app's last word on errors: a short plain-text answer with the status, never a stack
 * trace or a server path (Express's own final handler prints both unless NODE_ENV is
 * `production`). Client errors say what was wrong; anything else is logged here and answered
 * with a bare 500.
 */
import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler } from 'express';

/** The status an error asks for, if it is a client error (`http-errors`, body-parser, the router). */
export function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  return typeof code === 'number' && Number.isInteger(code) && code >= 400 && code < 500 ? code : undefined;
}

/** The message a client may see: an `http-errors` error's own when it is marked `expose`. */
function publicMessage(error: unknown, status: number): string {
  const { expose, message } = error as { expose?: unknown; message?: unknown };
  return expose === true && typeof message === 'string' && message !== '' ? message : (STATUS_CODES[status] ?? 'Error');
}

/** Answers any error that reached the end of the app. */
export const errorResponder: ErrorRequestHandler = (error, _req, res, next) => {
  const status = clientErrorStatus(error);
  if (res.headersSent) {
    // A client error after the answer (multer reports the aborted rest of a rejected form):
    // nothing left to say. Anything else: let Express cut the connection.
    if (status === undefined) next(error);
    return;
  }
  if (status === undefined) console.error('[notes] request failed:', error);
  const code = status ?? 500;
  const text = status === undefined ? 'Internal Server Error' : publicMessage(error, code);
  res.status(code).set('cache-control', 'no-store').type('text/plain').send(`${code} ${text}\n`);
};
