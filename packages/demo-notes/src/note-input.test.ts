import { describe, expect, it } from 'vitest';
import { BODY_MAX, parseNoteInput, TITLE_MAX } from './note-input.js';

describe('parseNoteInput', () => {
  it('trims the title and defaults the body', () => {
    expect(parseNoteInput({ title: '  hi ' })).toEqual({ ok: true, title: 'hi', body: '' });
  });

  it('rejects missing, blank, too long or mistyped fields', () => {
    expect(parseNoteInput(undefined)).toEqual({ ok: false, error: 'title is required' });
    expect(parseNoteInput({ title: ' ' }).ok).toBe(false);
    expect(parseNoteInput({ title: 'x'.repeat(TITLE_MAX + 1) }).ok).toBe(false);
    expect(parseNoteInput({ title: 'x', body: 3 }).ok).toBe(false);
    expect(parseNoteInput({ title: 'x', body: 'y'.repeat(BODY_MAX + 1) }).ok).toBe(false);
  });
});
