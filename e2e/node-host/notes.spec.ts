/**
 * The notes app at /tools/notes, called directly by the front server (no Next route in between).
 */
import { expect, test } from '@playwright/test';
import { ALICE, BOB, signIn, signInOnPage } from '../tests/helpers.js';

test('creates a note through its form, as the signed-in user', async ({ page }) => {
  await signIn(page, ALICE);
  await page.goto('/tools/notes/');
  const title = `Front door ${Date.now()}`;
  const form = page.getByTestId('new-note');
  await form.getByLabel('Title').fill(title);
  await form.getByLabel('Text').fill('served by Express behind the front server');
  await form.getByRole('button', { name: 'Create note' }).click();
  await expect(page).toHaveURL(/\/tools\/notes\/notes\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('note-body')).toHaveText('served by Express behind the front server');
  await page.getByRole('link', { name: 'Back to my notes' }).click();
  await expect(page.getByTestId('notes').getByRole('link', { name: title })).toBeVisible();

  // Notes belong to their owner.
  const list = (await (await page.request.get('/tools/notes/api/notes')).json()) as { title: string }[];
  expect(list.map((note) => note.title)).toContain(title);
});

test('a forged x-remote-user header is ignored, signed in or not', async ({ page }) => {
  await page.setExtraHTTPHeaders({ 'x-remote-user': BOB.email, 'remote-user': BOB.email });
  // Anonymous: the forged header does not get anyone in.
  await page.goto('/tools/notes/');
  await expect(page).toHaveURL(/\/api\/auth\/signin\?callbackUrl=%2Ftools%2Fnotes%2F$/);
  await signInOnPage(page, ALICE);
  // Signed in as alice: the apps see alice, in the identity and in the trusted header.
  await expect(page.getByTestId('identity-id')).toHaveText(ALICE.email);
  await expect(page.getByTestId('identity-header')).toHaveText(ALICE.email);
  await page.goto('/remix/tools/notes/');
  await expect(page.getByTestId('identity-header')).toHaveText(ALICE.email);

  // A note created through the API with a forged header belongs to the signed-in user.
  const title = `Forged ${Date.now()}`;
  const api = await page.request.post('/tools/notes/api/notes', { data: { title }, headers: { 'x-remote-user': BOB.email } });
  expect(api.status()).toBe(201);
  await page.goto('/tools/notes/');
  await expect(page.getByTestId('notes').getByRole('link', { name: title })).toBeVisible();
});
