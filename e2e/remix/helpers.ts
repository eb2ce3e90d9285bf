/**
 * Shared steps for the Remix demo: signing in on the site's own sign-in form.
 */
import { expect, type Page } from '@playwright/test';

export const ALICE = { username: 'alice', password: 'alice', name: 'Alice' };
export const BOB = { username: 'bob', password: 'bob', name: 'Bob' };

/** Fills in the sign-in form (the page must be on /login). */
export async function signInOnPage(page: Page, user: { username: string; password: string }): Promise<void> {
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in from the sign-in page, coming back to `path`. */
export async function signIn(page: Page, user: { username: string; password: string }, path = '/'): Promise<void> {
  await page.goto(`/login?redirectTo=${encodeURIComponent(path)}`);
  await signInOnPage(page, user);
  await expect(page).toHaveURL(path);
}
