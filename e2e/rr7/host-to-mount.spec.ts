/**
 * A React Router 7 host's own links, forms and redirects into a Graft mount end with the embedded
 * app's page (a document load), with no `reloadDocument` or `redirectDocument()`: the mount's route
 * module exports @graft/remix/client's `clientLoader` / `clientAction`. The site has basename /rr.
 */
import { expect, type Page, test } from '@playwright/test';

/** The echo app's landing page, showing the request it got. */
async function expectLanding(page: Page, query: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Embedded echo app' })).toBeVisible();
  await expect(page.locator('#seen')).toHaveText(`GET /rr/tools/landing${query}`);
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(`/rr/tools/landing${query}`);
}

/** Opens the host page and waits until React has hydrated it (client-side navigation is live). */
async function openHostPage(page: Page): Promise<void> {
  await page.goto('/rr/links');
  await page.waitForFunction(
    () => (window as { __reactRouterDataRouter?: { state: { initialized: boolean } } }).__reactRouterDataRouter?.state.initialized === true,
  );
}

test('a <Link> into the mount loads the app page', async ({ page }) => {
  await openHostPage(page);
  await page.getByRole('link', { name: 'Link into the mount' }).click();
  await expectLanding(page, '?via=link');
});

test("a host loader's redirect into the mount loads the app page", async ({ page }) => {
  await openHostPage(page);
  await page.getByRole('link', { name: 'Link to a loader that redirects into the mount' }).click();
  await expectLanding(page, '?via=loader');
});

test('a host <Form> whose action redirects into the mount loads the app page', async ({ page }) => {
  await openHostPage(page);
  await page.getByRole('button', { name: 'Action that redirects into the mount' }).click();
  await expectLanding(page, '?via=action');
});

test('a GET <Form> into the mount loads the app page with the query', async ({ page }) => {
  await openHostPage(page);
  await page.getByRole('button', { name: 'GET form into the mount' }).click();
  await expectLanding(page, '?via=get-form');
});

test("a POST <Form> into the mount reaches the app, and the browser follows the app's redirect", async ({ page }) => {
  await openHostPage(page);
  await page.getByLabel('Note for the redirecting form').fill('milk&eggs');
  await page.getByRole('button', { name: 'POST form into the mount (redirect)' }).click();
  await expectLanding(page, '?posted=milk%26eggs');
});

test("a POST <Form> into the mount shows the app's own answer page", async ({ page }) => {
  await openHostPage(page);
  await page.getByLabel('Note for the page form').fill('<b>bread</b>');
  await page.getByRole('button', { name: 'POST form into the mount (page)' }).click();
  await expect(page.getByRole('heading', { name: 'Posted to the echo app' })).toBeVisible();
  await expect(page.locator('#note')).toHaveText('<b>bread</b>');
  expect(new URL(page.url()).pathname).toBe('/rr/tools/form-page');
});

test("a fetcher still gets the app's answer as data, and the page stays", async ({ page }) => {
  await openHostPage(page);
  await page.getByRole('button', { name: 'Fetch from the mount' }).click();
  await expect(page.getByLabel('Fetched')).toHaveText('/fetched?by=fetcher');
  expect(new URL(page.url()).pathname).toBe('/rr/links');
});
