/**
 * The Remix 2 site's own links, forms and redirects into a Graft mount end with the embedded app's
 * page (a document load), with no `reloadDocument` or `redirectDocument()`: the mount route modules
 * export @graft/remix/client's `clientLoader` / `clientAction` (classic `?_data=` data requests here;
 * the browser code decides before any data request is made).
 */
import { expect, type Page, test } from '@playwright/test';
import { ALICE, signIn } from './helpers.js';

/** Opens the shortcuts page and waits until Remix has hydrated it (client-side navigation is live). */
async function openShortcuts(page: Page): Promise<void> {
  await page.goto('/shortcuts');
  await page.waitForFunction(
    () => (window as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized === true,
  );
}

async function expectNotesList(page: Page): Promise<void> {
  await expect(page).toHaveURL('/tools/notes/');
  await expect(page.getByRole('heading', { name: 'My notes' })).toBeVisible();
  await expect(page.getByTestId('new-note')).toBeVisible();
}

test.beforeEach(async ({ page }) => {
  await signIn(page, ALICE);
});

test('a <Link> into the mount loads the app page', async ({ page }) => {
  await openShortcuts(page);
  await page.getByRole('link', { name: 'My notes', exact: true }).click();
  await expectNotesList(page);
});

test("a site loader's redirect into the mount loads the app page", async ({ page }) => {
  await openShortcuts(page);
  await page.getByRole('link', { name: 'My notes, by a redirecting loader' }).click();
  await expectNotesList(page);
});

test('a <Form> whose action redirects into the mount loads the app page', async ({ page }) => {
  await openShortcuts(page);
  await page.getByRole('button', { name: 'Open my notes (an action that redirects)' }).click();
  await expectNotesList(page);
});

test("a GET <Form> into the mount loads the app's answer with the query", async ({ page }) => {
  await openShortcuts(page);
  await page.getByLabel('Books matching').fill('Mythical');
  await page.getByRole('button', { name: 'Search the book database' }).click();
  await expect(page).toHaveURL('/tools/db/books?q=Mythical');
  await expect(page.locator('body')).toContainText('The Mythical Man-Month');
  await expect(page.locator('body')).not.toContainText('Structure and Interpretation');
});

test('a multipart POST <Form> into the mount reaches the app with its file, and the browser follows its redirect', async ({ page }) => {
  await openShortcuts(page);
  const title = `Quick ${Date.now()}`;
  const form = page.getByTestId('quick-note');
  await form.getByLabel('Quick note title').fill(title);
  await form.getByLabel('Quick note text').fill('from the site page');
  await form.getByLabel('Quick note attachment').setInputFiles({ name: 'memo.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await form.getByRole('button', { name: 'Create the note in the notes app' }).click();
  await expect(page).toHaveURL(/\/tools\/notes\/notes\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByTestId('note-body')).toHaveText('from the site page');
  await expect(page.getByTestId('attachments')).toContainText('memo.txt (5 bytes)');
});

test("the site's navigation links into the mounts need no reloadDocument", async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(
    () => (window as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized === true,
  );
  await page.getByRole('banner').getByRole('link', { name: 'Book database' }).click();
  await expect(page).toHaveURL('/tools/db/');
  await expect(page.getByRole('link', { name: '/books' })).toBeVisible();
});
