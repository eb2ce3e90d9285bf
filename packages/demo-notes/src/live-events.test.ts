import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createNotesApp } from './app.js';
import { createNotesStore } from './notes-store.js';
import { call } from './test-support.js';

const store = createNotesStore();
const app = createNotesApp({ store });
afterAll(() => rmSync(app.notes.uploadDir, { recursive: true, force: true }));

/** Reads the event stream until `predicate` holds for the text so far. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, predicate: (text: string) => boolean) {
  const decoder = new TextDecoder();
  let text = '';
  while (!predicate(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended early: ${text}`);
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

describe('live events', () => {
  it('streams a clock and the note-created events of the signed-in user only', async () => {
    const controller = new AbortController();
    const response = await call(app, '/events', { identity: 'alice', signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('no-transform');
    const reader = response.body!.getReader();
    expect(await readUntil(reader, (t) => t.includes('event: clock'))).toContain('"now":');

    store.create('bob', { title: 'not for alice', body: '' });
    store.create('alice', { title: 'for alice', body: '' });
    const text = await readUntil(reader, (t) => t.includes('for alice'));
    expect(text).toContain('event: note-created');
    expect(text).not.toContain('not for alice');

    // The stream stops when the client leaves: the app unsubscribes from the store.
    expect(store.subscriberCount()).toBe(1);
    controller.abort();
    await reader.cancel().catch(() => {});
    // The app unsubscribes on the response's 'close', which this test cannot hook: poll the count, bounded.
    await vi.waitFor(() => expect(store.subscriberCount()).toBe(0), { timeout: 5000, interval: 5 });
    expect(store.subscriberCount()).toBe(0);
  });

  it('refuses anonymous visitors', async () => {
    expect((await call(app, '/events')).status).toBe(401);
  });
});
