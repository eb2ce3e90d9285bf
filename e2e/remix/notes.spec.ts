import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { ALICE, BOB, signIn } from './helpers.js';

test('creates a note through the splat route and finds it in the list', async ({ page }) => {
  await signIn(page, ALICE, '/tools/notes/');
  const title = `Shopping ${Date.now()}`;
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

test('uploads a file and downloads it byte for byte', async ({ page }) => {
  await signIn(page, ALICE, '/tools/notes/');
  const bytes = randomBytes(768 * 1024);
  const form = page.getByTestId('new-note');
  await form.getByLabel('Title').fill('With attachment');
  await form.getByLabel('Attachment').setInputFiles({ name: 'data €.bin', mimeType: 'application/octet-stream', buffer: bytes });
  await form.getByRole('button', { name: 'Create note' }).click();
  await expect(page.getByTestId('attachments')).toContainText('data €.bin');

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('link', { name: 'data €.bin' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('data €.bin');
  expect((await readFile(await download.path())).equals(bytes)).toBe(true);
});

test("one user's notes are not another's", async ({ page }) => {
  await signIn(page, ALICE, '/tools/notes/');
  const title = `Alice only ${Date.now()}`;
  await page.getByTestId('new-note').getByLabel('Title').fill(title);
  await page.getByTestId('new-note').getByRole('button', { name: 'Create note' }).click();
  const noteUrl = page.url();

  await page.context().clearCookies();
  await signIn(page, BOB, '/tools/notes/');
  await expect(page.getByTestId('notes')).not.toContainText(title);
  await page.goto(noteUrl);
  await expect(page.getByText('No such note of yours.')).toBeVisible();
});

test('the live page receives server-sent events through the route', async ({ page }) => {
  await signIn(page, ALICE, '/tools/notes/live');
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
