/**
 * What answers where: Next at /, the Remix site (a working browser app) under /remix.
 */
import { expect, test } from '@playwright/test';
import { ALICE, signIn } from '../tests/helpers.js';

test("an unknown prefix gets Next's 404 page (Next is the app at /)", async ({ page }) => {
  const response = await page.goto('/no-such-prefix/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByText('This page could not be found.')).toBeVisible();
});

test('the Remix site runs in the browser under /remix: assets load and links navigate client-side', async ({ page }) => {
  const failures: string[] = [];
  page.on('pageerror', (error) => failures.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
  });
  await page.goto('/remix/logout');
  await expect(page.getByRole('heading', { name: 'Sign out' })).toBeVisible();
  // Wait for hydration (the route modules are loaded from /remix/assets): <ScrollRestoration>'s
  // effect, which runs once React has hydrated the page, sets history.scrollRestoration.
  await page.waitForFunction(() => history.scrollRestoration === 'manual', undefined, { timeout: 10_000 });

  // Remix's <Link> renders the next page in the browser, without loading a new document: a
  // value set on this window is still there afterwards.
  await page.evaluate(() => Object.assign(window, { samePage: true }));
  await page.getByRole('navigation').getByRole('link', { name: 'Home' }).click();
  await expect(page).toHaveURL('/remix');
  await expect(page.getByRole('heading', { name: 'Graft in Remix' })).toBeVisible();
  expect(await page.evaluate(() => (window as { samePage?: boolean }).samePage)).toBe(true);
  expect(failures).toEqual([]);
});

test("the Next site's other routes under /tools still answer, behind the same gate", async ({ page }) => {
  await signIn(page, ALICE);
  await page.goto('/tools/koa');
  await expect(page.getByTestId('identity')).toContainText(ALICE.email);
});
