import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { ALICE, BOB, signIn } from './helpers.js';

test.beforeEach(async ({ page }) => {
  await signIn(page, ALICE);
});

test('creates a note through the prefix and finds it in the list', async ({ page }) => {
  const title = `Shopping ${Date.now()}`;
  await page.goto('/tools/notes/');
  const form = page.getByTestId('new-note');
  await form.getByLabel('Title').fill(title);
  await form.getByLabel('Text').fill('milk & eggs');
  await form.getByRole('button', { name: 'Create note' }).click();

  await expect(page).toHaveURL(/\/tools\/notes\/notes\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByTestId('note-body')).toHaveText('milk & eggs');

  await page.getByRole('link', { name: 'Back to my notes' }).click();
  await expect(page).toHaveURL('/tools/notes/');
  await expect(page.getByTestId('notes').getByRole('link', { name: title })).toBeVisible();
});

test('attaches a file and downloads it byte for byte', async ({ page }) => {
  const bytes = randomBytes(512 * 1024);
  await page.goto('/tools/notes');
  const form = page.getByTestId('new-note');
  await form.getByLabel('Title').fill('With attachment');
  await form.getByLabel('Attachment').setInputFiles({ name: 'data €.bin', mimeType: 'application/octet-stream', buffer: bytes });
  await form.getByRole('button', { name: 'Create note' }).click();
  await expect(page.getByTestId('attachments')).toContainText('data €.bin');

  const second = Buffer.from('second file\n');
  await page
    .getByTestId('attach')
    .getByLabel('Attach a file')
    .setInputFiles({ name: 'second.txt', mimeType: 'text/plain', buffer: second });
  await page.getByTestId('attach').getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByTestId('attachments').getByRole('link')).toHaveCount(2);

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('link', { name: 'data €.bin' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('data €.bin');
  expect((await readFile(await download.path())).equals(bytes)).toBe(true);
});

test('the live page receives server-sent events through the route', async ({ page }) => {
  await page.goto('/tools/notes/live');
  const clock = page.getByTestId('clock');
  await expect(clock).toHaveText(/^\d{4}-\d\d-\d\dT/);
  const first = await clock.textContent();
  // A second tick proves the stream is delivered as it is written, not buffered to the end.
  await expect(clock).not.toHaveText(first!);

  const title = `Live ${Date.now()}`;
  const created = await page.request.post('/tools/notes/api/notes', { data: { title } });
  expect(created.status()).toBe(201);
  await expect(page.getByTestId('live-events')).toContainText(`created: ${title}`);
});

test('the app sees the identity the host passed, and a forged identity header is ignored', async ({ page }) => {
  await page.setExtraHTTPHeaders({ 'x-remote-user': 'mallory' });
  await page.goto('/tools/notes');
  await expect(page.getByTestId('identity-id')).toHaveText(ALICE.email);
  await expect(page.getByTestId('identity-name')).toHaveText(ALICE.name);
  await expect(page.getByTestId('identity-header')).toHaveText(ALICE.email);

  const me = await page.request.get('/tools/notes/api/me', { headers: { 'x-remote-user': 'mallory', 'remote-user': 'mallory' } });
  expect(await me.json()).toMatchObject({ id: ALICE.email, email: ALICE.email, name: ALICE.name });
});

test("one user's notes are invisible to another", async ({ page, browser }) => {
  const created = await page.request.post('/tools/notes/api/notes', { data: { title: 'alice only' } });
  const { id } = (await created.json()) as { id: string };

  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  await signIn(bob, BOB);
  expect((await bob.request.get(`/tools/notes/api/notes/${id}`)).status()).toBe(404);
  await bob.goto(`/tools/notes/notes/${id}`);
  await expect(bob.getByTestId('identity-id')).toHaveText(BOB.email);
  await expect(bob.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await bobContext.close();
});
