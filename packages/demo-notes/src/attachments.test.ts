import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createNotesApp } from './app.js';
import { call, MOUNT } from './test-support.js';

const app = createNotesApp({ maxFileSize: 1024 * 1024 });
afterAll(() => rmSync(app.notes.uploadDir, { recursive: true, force: true }));

const alice = 'alice';

async function createNote(title: string, file?: { bytes: Uint8Array<ArrayBuffer>; name: string; type: string }): Promise<string> {
  const form = new FormData();
  form.set('title', title);
  if (file) form.set('file', new Blob([file.bytes], { type: file.type }), file.name);
  const response = await call(app, '/notes', { method: 'POST', body: form, identity: alice });
  expect(response.status).toBe(303);
  return response.headers.get('location')!.slice(MOUNT.length);
}

function downloadLinks(page: string): string[] {
  return [...page.matchAll(/href="([^"]+\/attachments\/[^"]+)"/g)].map((m) => m[1]!.slice(MOUNT.length));
}

describe('attachments', () => {
  it('stores an upload on disk and downloads it byte for byte, with its UTF-8 name', async () => {
    const bytes = new Uint8Array(randomBytes(700 * 1024));
    const notePath = await createNote('with file', { bytes, name: 'résumé €.bin', type: 'application/octet-stream' });
    expect(readdirSync(app.notes.uploadDir).length).toBeGreaterThan(0);

    const page = await (await call(app, notePath, { identity: alice })).text();
    expect(page).toContain('résumé €.bin');
    const [link] = downloadLinks(page);
    const download = await call(app, link!, { identity: alice });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''r%C3%A9sum%C3%A9%20%E2%82%AC.bin");
    // Buffer.equals: a deep toEqual over 700 000 elements is needlessly slow.
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('adds a file to an existing note', async () => {
    const notePath = await createNote('later file');
    const form = new FormData();
    form.set('file', new Blob(['hello attachment']), 'hello.txt');
    const response = await call(app, `${notePath}/attachments`, { method: 'POST', body: form, identity: alice });
    expect(response.status).toBe(303);
    const [link] = downloadLinks(await (await call(app, notePath, { identity: alice })).text());
    expect(await (await call(app, link!, { identity: alice })).text()).toBe('hello attachment');
  });

  it("does not serve someone else's attachment", async () => {
    const notePath = await createNote('mine', { bytes: new Uint8Array([1, 2, 3]), name: 'a.bin', type: 'application/octet-stream' });
    const [link] = downloadLinks(await (await call(app, notePath, { identity: alice })).text());
    expect((await call(app, link!, { identity: 'mallory' })).status).toBe(404);
  });

  it('rejects a file over the limit with 413', async () => {
    const form = new FormData();
    form.set('title', 'too big');
    form.set('file', new Blob([new Uint8Array(1024 * 1024 + 1)]), 'big.bin');
    const response = await call(app, '/notes', { method: 'POST', body: form, identity: alice });
    expect(response.status).toBe(413);
  });

  it('answers 400 to an upload form without a file', async () => {
    const notePath = await createNote('no file');
    const response = await call(app, `${notePath}/attachments`, { method: 'POST', body: new FormData(), identity: alice });
    expect(response.status).toBe(400);
  });
});
