import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createNotesApp } from './app.js';
import { call, MOUNT } from './test-support.js';

const app = createNotesApp();
afterAll(() => rmSync(app.notes.uploadDir, { recursive: true, force: true }));

const alice = { id: 'alice@example.com', name: 'Alice' };

describe('pages', () => {
  it('shows the identity it received and builds links under the mount', async () => {
    const response = await call(app, '/', { identity: alice });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('data-testid="identity-id">alice@example.com<');
    expect(page).toContain('data-testid="identity-header">alice@example.com<');
    expect(page).toContain(`action="${MOUNT}/notes"`);
    expect(page).toContain(`href="${MOUNT}/logout"`);
    expect(page).not.toMatch(/href="\/(?!tools\/notes)/);
  });

  it('asks anonymous visitors to sign in, with a link under the mount', async () => {
    const response = await call(app, '/');
    expect(response.status).toBe(401);
    const page = await response.text();
    expect(page).toContain('data-testid="identity-id">anonymous<');
    expect(page).toContain(`href="${MOUNT}/login"`);
  });

  it("hands sign-in and sign-out to the host's pages when the host names them", async () => {
    const locals = { signInUrl: '/api/auth/signin', signOutUrl: '/api/auth/signout' };
    const login = await call(app, '/login', { locals });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/api/auth/signin');
    const logout = await call(app, '/logout', { identity: alice, locals });
    expect(logout.headers.get('location')).toBe('/api/auth/signout');
    const standalone = await call(app, '/logout', { identity: alice });
    expect(standalone.status).toBe(200);
  });

  it('creates a note from the form and redirects under the mount', async () => {
    const form = new FormData();
    form.set('title', 'Groceries <b>&</b>');
    form.set('body', 'milk');
    const created = await call(app, '/notes', { method: 'POST', body: form, identity: alice });
    expect(created.status).toBe(303);
    const location = created.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${MOUNT}/notes/[0-9a-f-]{36}$`));

    const notePage = await (await call(app, location.slice(MOUNT.length), { identity: alice })).text();
    expect(notePage).toContain('Groceries &lt;b&gt;&amp;&lt;/b&gt;');
    expect(notePage).toContain('data-testid="note-body">milk<');

    const list = await (await call(app, '/', { identity: alice })).text();
    expect(list).toContain(`href="${location}"`);
  });

  it('keeps notes private to their owner', async () => {
    const form = new FormData();
    form.set('title', 'private');
    const location = (await call(app, '/notes', { method: 'POST', body: form, identity: alice })).headers.get('location')!;
    const asBob = await call(app, location.slice(MOUNT.length), { identity: 'bob' });
    expect(asBob.status).toBe(404);
    expect(await (await call(app, '/', { identity: 'bob' })).text()).not.toContain(location);
  });

  it('re-shows the form with an error for a note without a title', async () => {
    const response = await call(app, '/notes', {
      method: 'POST',
      body: new URLSearchParams({ title: '  ' }),
      identity: alice,
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('title is required');
  });

  it('deletes a note and goes back to the list', async () => {
    const form = new FormData();
    form.set('title', 'to delete');
    const location = (await call(app, '/notes', { method: 'POST', body: form, identity: alice })).headers.get('location')!;
    const deleted = await call(app, `${location.slice(MOUNT.length)}/delete`, { method: 'POST', identity: alice });
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get('location')).toBe(`${MOUNT}/`);
    expect((await call(app, location.slice(MOUNT.length), { identity: alice })).status).toBe(404);
  });

  it('escapes the live page script URL and points it under the mount', async () => {
    const page = await (await call(app, '/live', { identity: alice })).text();
    expect(page).toContain(`new EventSource("${MOUNT}/events")`);
  });
});
