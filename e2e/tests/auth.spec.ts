import { expect, test } from '@playwright/test';
import { ALICE, signInOnPage } from './helpers.js';

test('an anonymous visitor of the protected notes app is sent to sign in, and comes back', async ({ page }) => {
  await page.goto('/tools/notes/live');
  await expect(page).toHaveURL(/\/api\/auth\/signin\?callbackUrl=%2Ftools%2Fnotes%2Flive$/);
  await signInOnPage(page, ALICE);
  await expect(page).toHaveURL('/tools/notes/live');
  await expect(page.getByTestId('identity-id')).toHaveText(ALICE.email);
});

test('the home page shows who is signed in', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('who')).toContainText('Not signed in');
  await page.getByRole('link', { name: 'Sign in' }).click();
  await signInOnPage(page, ALICE);
  await page.goto('/');
  await expect(page.getByTestId('who')).toContainText(`Signed in as ${ALICE.name}`);
});

test("signing out from inside the embedded app goes through the host's sign-out page", async ({ page }) => {
  await page.goto('/tools/notes');
  await signInOnPage(page, ALICE);
  await expect(page.getByTestId('identity-id')).toHaveText(ALICE.email);

  await page.getByRole('link', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/api\/auth\/signout/);
  await page.getByRole('button', { name: /sign out/i }).click();
  await expect(page.getByTestId('who')).toContainText('Not signed in');

  await page.goto('/tools/notes');
  await expect(page).toHaveURL(/\/api\/auth\/signin/);
});
