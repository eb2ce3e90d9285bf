/**
 * Shared steps: signing in (through NextAuth's own endpoints, or its sign-in page).
 */
import { expect, type Page } from '@playwright/test';

export const ALICE = { username: 'alice', password: 'alice', email: 'alice@example.com', name: 'Alice' };
export const BOB = { username: 'bob', password: 'bob', email: 'bob@example.com', name: 'Bob' };

/**
 * Signs in without the UI: NextAuth's CSRF token, then the credentials callback. The session
 * cookie lands in the page's browser context, which `page.request` shares.
 */
export async function signIn(page: Page, user: { username: string; password: string }): Promise<void> {
  const { csrfToken } = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await page.request.post('/api/auth/callback/credentials', {
    form: { csrfToken, username: user.username, password: user.password, callbackUrl: '/', json: 'true' },
  });
  expect(response.ok()).toBe(true);
  const session = (await (await page.request.get('/api/auth/session')).json()) as { user?: { name?: string } };
  expect(session.user?.name, 'signed in').toBeTruthy();
}

/** Fills in NextAuth's built-in sign-in page (the page must be on it). */
export async function signInOnPage(page: Page, user: { username: string; password: string }): Promise<void> {
  await expect(page).toHaveURL(/\/api\/auth\/signin/);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: /sign in/i }).click();
}
