/**
 * One NextAuth sign-in, resolved once by the front server, counts in all three apps.
 */
import { expect, test } from '@playwright/test';
import { ALICE, BOB, signInOnPage } from '../tests/helpers.js';

test('one sign-in on NextAuth signs the user in to the Next site, the notes app and the Remix site', async ({ page }) => {
  await page.goto('/api/auth/signin');
  await signInOnPage(page, ALICE);
  await page.goto('/');
  await expect(page.getByTestId('who')).toContainText(`Signed in as ${ALICE.name}`);

  // Served by Express straight from the front server.
  await page.goto('/tools/notes/');
  await expect(page.getByTestId('identity-id')).toHaveText(ALICE.email);
  await expect(page.getByTestId('base-url')).toHaveText('/tools/notes');

  // The Remix site under its basename, with the front server's user as its own.
  await page.goto('/remix/');
  await expect(page.getByRole('heading', { name: 'Graft in Remix' })).toBeVisible();
  await expect(page.getByTestId('host-user')).toContainText(`Signed in as ${ALICE.name}`);
  await page.getByRole('navigation').getByRole('link', { name: 'Notes' }).click();
  await expect(page).toHaveURL('/remix/tools/notes/');
  await expect(page.getByTestId('identity-id')).toHaveText(ALICE.email);
  await expect(page.getByTestId('base-url')).toHaveText('/remix/tools/notes');
});

test('an anonymous visitor of /tools/ is sent to the NextAuth sign-in page, and comes back to the notes', async ({ page }) => {
  await page.goto('/tools/');
  await expect(page).toHaveURL(/\/api\/auth\/signin\?callbackUrl=%2Ftools%2F$/);
  await signInOnPage(page, BOB);
  await expect(page).toHaveURL('/tools/notes/');
  await expect(page.getByTestId('identity-id')).toHaveText(BOB.email);
});

test("the Remix site's protected pages sign in through NextAuth too, and come back under /remix", async ({ page }) => {
  await page.goto('/remix/tools/notes/live');
  await expect(page).toHaveURL(/\/api\/auth\/signin\?callbackUrl=%2Fremix%2Ftools%2Fnotes%2Flive$/);
  await signInOnPage(page, ALICE);
  await expect(page).toHaveURL('/remix/tools/notes/live');
  await expect(page.getByTestId('identity-id')).toHaveText(ALICE.email);
});

test('signing out once, from the Remix site, signs out of all three', async ({ page }) => {
  await page.goto('/api/auth/signin');
  await signInOnPage(page, ALICE);
  await page.goto('/remix/');
  await page.getByTestId('host-user').getByRole('link', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/api\/auth\/signout/);
  await page.getByRole('button', { name: /sign out/i }).click();
  await expect(page.getByTestId('who')).toContainText('Not signed in');

  await page.goto('/remix/');
  await expect(page.getByTestId('host-user')).toHaveText('Sign in');
  await page.goto('/tools/notes/');
  await expect(page).toHaveURL(/\/api\/auth\/signin\?callbackUrl=/);
});
