/**
 * Validation of a note's fields, shared by the HTML form and the JSON API.
 */

/** Limits on a note's fields. */
export const TITLE_MAX = 200;
export const BODY_MAX = 10_000;

/** A validated note, or the reason it is invalid. */
export type NoteInputResult = { ok: true; title: string; body: string } | { ok: false; error: string };

/** Checks `title` (required, ≤ 200 chars after trimming) and `body` (optional, ≤ 10 000 chars). */
export function parseNoteInput(input: unknown): NoteInputResult {
  const fields = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const { title, body } = fields;
  if (typeof title !== 'string' || title.trim() === '') return { ok: false, error: 'title is required' };
  if (title.trim().length > TITLE_MAX) return { ok: false, error: `title is longer than ${TITLE_MAX} characters` };
  if (body !== undefined && typeof body !== 'string') return { ok: false, error: 'body must be a string' };
  if ((body ?? '').length > BODY_MAX) return { ok: false, error: `body is longer than ${BODY_MAX} characters` };
  return { ok: true, title: title.trim(), body: body ?? '' };
}
