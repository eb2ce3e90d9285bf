import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createNotesApp } from './app.js';
import { notesOpenApiSpec } from './openapi.js';
import { call, MOUNT } from './test-support.js';

const app = createNotesApp();
afterAll(() => rmSync(app.notes.uploadDir, { recursive: true, force: true }));

describe('notesOpenApiSpec', () => {
  it('points its server at the mount path', () => {
    expect(notesOpenApiSpec(MOUNT).servers).toEqual([{ url: MOUNT }]);
    expect(notesOpenApiSpec().servers).toEqual([{ url: '/' }]);
  });

  it('documents only operations the app serves, with a documented status', async () => {
    const { id } = await (
      await call(app, '/api/notes', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'spec' }),
        identity: 'alice',
      })
    ).json();
    const spec = notesOpenApiSpec(MOUNT);
    const operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods as Record<string, { responses: Record<string, unknown> }>).map(([method, op]) => ({
        path: path.replace('{id}', id),
        method: method.toUpperCase(),
        statuses: Object.keys(op.responses),
      })),
    );
    expect(operations.length).toBe(5);
    for (const op of operations) {
      const init: RequestInit = { method: op.method };
      if (op.method === 'POST') {
        init.headers = { 'content-type': 'application/json' };
        init.body = JSON.stringify({ title: 'x' });
      }
      const response = await call(app, op.path, { ...init, identity: 'alice' });
      expect(op.statuses, `${op.method} ${op.path}`).toContain(String(response.status));
      const anonymous = await call(app, op.path, { ...init, identity: null });
      expect(anonymous.status, `${op.method} ${op.path} anonymous`).toBe(401);
    }
  });
});
