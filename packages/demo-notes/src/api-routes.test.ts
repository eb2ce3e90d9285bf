import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createNotesApp } from './app.js';
import { call, MOUNT } from './test-support.js';

const app = createNotesApp({ corsOrigins: ['http://partner.test'] });
afterAll(() => rmSync(app.notes.uploadDir, { recursive: true, force: true }));

const json = (body: unknown, identity: string | null = 'alice'): RequestInit & { identity: string | null } => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
  identity,
});

describe('JSON API', () => {
  it('creates, lists, reads and deletes notes as the signed-in user', async () => {
    const created = await call(app, '/api/notes', json({ title: 'api note', body: 'text' }));
    expect(created.status).toBe(201);
    const note = await created.json();
    expect(created.headers.get('location')).toBe(`${MOUNT}/api/notes/${note.id}`);
    expect(note).toMatchObject({ title: 'api note', body: 'text', attachments: [] });

    const list = await (await call(app, '/api/notes', { identity: 'alice' })).json();
    expect(list.map((n: { id: string }) => n.id)).toContain(note.id);
    expect(await (await call(app, `/api/notes/${note.id}`, { identity: 'alice' })).json()).toEqual(note);
    expect((await call(app, `/api/notes/${note.id}`, { identity: 'bob' })).status).toBe(404);

    expect((await call(app, `/api/notes/${note.id}`, { method: 'DELETE', identity: 'alice' })).status).toBe(204);
    expect((await call(app, `/api/notes/${note.id}`, { identity: 'alice' })).status).toBe(404);
  });

  it('reports the identity it received', async () => {
    expect(await (await call(app, '/api/me', { identity: { id: 'alice', email: 'a@x' } })).json()).toEqual({
      id: 'alice',
      email: 'a@x',
    });
  });

  it('answers 401 to anonymous calls', async () => {
    const response = await call(app, '/api/notes');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'not signed in' });
  });

  it('answers 400 as JSON to invalid and malformed notes', async () => {
    const invalid = await call(app, '/api/notes', json({ body: 'no title' }));
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ error: 'title is required' });
    const malformed = await call(app, '/api/notes', { ...json(null), body: '{"title": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/json');
  });

  it('answers CORS preflights before the sign-in check, for allowed origins only', async () => {
    const preflight = (origin: string) =>
      call(app, '/api/notes', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const allowed = await preflight('http://partner.test');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://partner.test');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    const other = await preflight('http://evil.test');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
