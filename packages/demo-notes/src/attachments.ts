/**
 * File uploads and downloads. Uploads stream to disk through multer (busboy underneath), never
 * into memory; downloads stream from disk with `res.download`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import multer from 'multer';
import type { Attachment } from './notes-store.js';

/** Options for uploads. */
export interface UploadOptions {
  /** Where uploaded files are kept. Default: a fresh directory under the OS temp dir. */
  uploadDir?: string;
  /** The largest accepted file in bytes. Default 50 MiB. */
  maxFileSize?: number;
}

/** The form field carrying the file. */
export const FILE_FIELD = 'file';

/** Creates the upload directory if none was given. */
export function resolveUploadDir(uploadDir: string | undefined): string {
  return uploadDir ?? mkdtempSync(join(tmpdir(), 'graft-notes-'));
}

/**
 * Middleware that streams one optional file from a multipart form to `uploadDir` (random file
 * names; the client's name is kept only as metadata) and parses the text fields into `req.body`.
 */
export function singleUpload(uploadDir: string, maxFileSize: number): RequestHandler {
  const upload = multer({
    storage: multer.diskStorage({ destination: uploadDir }),
    limits: { fileSize: maxFileSize, files: 1, fields: 10 },
    // Browsers send UTF-8 file names without a charset parameter.
    defParamCharset: 'utf8',
  }).single(FILE_FIELD);
  return (req, res, next) => upload(req, res, (error?: unknown) => next(error === undefined ? undefined : asUploadError(error)));
}

/**
 * A form the parser could not read (busboy's "Boundary not found", "Unexpected end of form"):
 * the client's mistake, so a 400 with the parser's message.
 */
export class MalformedFormError extends Error {
  readonly status = 400;
  readonly expose = true;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MalformedFormError';
  }
}

function asUploadError(error: unknown): unknown {
  if (error instanceof multer.MulterError) return error;
  // busboy's parse errors are bare Errors; disk errors (ENOSPC, with a path) carry a `code`.
  const { status, code } = error as { status?: unknown; code?: unknown };
  if (error instanceof Error && status === undefined && code === undefined) {
    return new MalformedFormError(`Malformed form: ${error.message}`, { cause: error });
  }
  return error;
}

/** Turns an uploaded multer file into attachment metadata. */
export function attachmentFrom(file: Express.Multer.File): Omit<Attachment, 'id'> {
  return {
    filename: file.originalname || 'unnamed',
    mimeType: file.mimetype || 'application/octet-stream',
    size: file.size,
    path: file.path,
  };
}

/** Streams an attachment to the client with its original name. */
export function sendAttachment(res: Response, attachment: Attachment): void {
  res.download(attachment.path, attachment.filename, {
    headers: { 'content-type': attachment.mimeType, 'cache-control': 'private, no-store' },
    dotfiles: 'allow',
  });
}

/** Upload errors as proper 4xx answers instead of Express's 500. */
export const uploadErrorHandler: ErrorRequestHandler = (error, _req, res, next) => {
  if (error instanceof multer.MulterError) {
    const status = error.code === 'LIMIT_FILE_SIZE' ? 413 : 400;
    res.status(status).type('text/plain').send(`Upload rejected: ${error.message}`);
    return;
  }
  next(error);
};
