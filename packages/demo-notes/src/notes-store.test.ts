import { describe, expect, it } from 'vitest';
import { createNotesStore } from './notes-store.js';

describe('notes store', () => {
  it('keeps notes per owner, newest first', () => {
    const store = createNotesStore();
    const first = store.create('alice', { title: 'one', body: '' });
    const second = store.create('alice', { title: 'two', body: '' });
    store.create('bob', { title: 'bob', body: '' });
    expect(store.list('alice').map((n) => n.id)).toEqual([second.id, first.id]);
    expect(store.get('bob', first.id)).toBeUndefined();
    expect(store.remove('bob', first.id)).toBeUndefined();
    expect(store.remove('alice', first.id)).toBe(first);
    expect(store.list('alice')).toHaveLength(1);
  });

  it("attaches files only to the owner's notes", () => {
    const store = createNotesStore();
    const note = store.create('alice', { title: 'n', body: '' });
    const file = { filename: 'a.txt', mimeType: 'text/plain', size: 1, path: '/tmp/x' };
    expect(store.addAttachment('bob', note.id, file)).toBeUndefined();
    expect(store.addAttachment('alice', note.id, file)).toMatchObject(file);
    expect(store.get('alice', note.id)!.attachments).toHaveLength(1);
  });

  it('publishes creations to subscribers until they unsubscribe', () => {
    const store = createNotesStore();
    const seen: string[] = [];
    const unsubscribe = store.onCreated((event) => seen.push(`${event.owner}:${event.note.title}`));
    store.create('alice', { title: 'a', body: '' });
    expect(store.subscriberCount()).toBe(1);
    unsubscribe();
    store.create('alice', { title: 'b', body: '' });
    expect(seen).toEqual(['alice:a']);
    expect(store.subscriberCount()).toBe(0);
  });
});
