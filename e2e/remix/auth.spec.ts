import { expect, test } from '@playwright/test';
import { ALICE, BOB, signIn, signInOnPage } from './helpers.js';

test('an anonymous visitor of the notes app is sent to sign in, and comes back signed in', async ({ page }) => {
  await page.goto('/tools/notes/live');
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Ftools%2Fnotes%2Flive$/);
  await signInOnPage(page, ALICE);
  await expect(page).toHaveURL('/tools/notes/live');
  // The identity the notes app received from the host's cookie session.
  await expect(page.getByTestId('identity-id')).toHaveText('alice');
  await expect(page.getByTestId('identity-name')).toHaveText(ALICE.name);
  await expect(page.getByTestId('identity-header')).toHaveText('alice');
  await expect(page.getByTestId('base-url')).toHaveText('/tools/notes');
});

test('a wrong password does not sign in', async ({ page }) => {
  await page.goto('/login');
  await signInOnPage(page, { username: 'alice', password: 'bob' });
  await expect(page.getByRole('alert')).toHaveText('Wrong user name or password.');
  await page.goto('/tools/notes/');
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
});

test("signing out from inside the embedded app goes through the host's sign-out page", async ({ page }) => {
  await signIn(page, BOB, '/tools/notes/');
  await expect(page.getByTestId('identity-id')).toHaveText('bob');

  await page.getByRole('link', { name: 'Sign out' }).click();
  await expect(page).toHaveURL('/logout');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL('/');
  await expect(page.getByTestId('host-user')).toHaveText('Sign in');

  await page.goto('/tools/notes/');
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Ftools%2Fnotes%2F$/);
});

test('anonymous visitors of the json-server mount are redirected too, also for API calls', async ({ page }) => {
  await page.goto('/tools/db/books');
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Ftools%2Fdb%2Fbooks$/);
  const api = await page.request.post('/tools/db/books', { data: { title: 'sneaky' }, maxRedirects: 0 });
  expect(api.status()).toBe(303);
  expect(api.headers().location).toBe('/login?redirectTo=%2Ftools%2Fdb%2Fbooks');
});

test('a forged identity header is ignored, signed in or not', async ({ page }) => {
  await page.setExtraHTTPHeaders({ 'x-remote-user': 'mallory', 'remote-user': 'mallory' });
  // Anonymous: the forged header does not get anyone in.
  await page.goto('/tools/notes/');
  await expect(page).toHaveURL(/\/login\?/);
  // Signed in as alice: the app sees alice, in the identity and in the trusted header.
  await signInOnPage(page, ALICE);
  await expect(page.getByTestId('identity-id')).toHaveText('alice');
  await expect(page.getByTestId('identity-header')).toHaveText('alice');
  // A note created through the API with a forged header belongs to the signed-in user.
  const title = `Forged ${Date.now()}`;
  const api = await page.request.post('/tools/notes/api/notes', { data: { title }, headers: { 'x-remote-user': 'bob' } });
  expect(api.status()).toBe(201);
  await page.goto('/tools/notes/');
  await expect(page.getByTestId('notes').getByRole('link', { name: title })).toBeVisible();
});
