import { expect, test } from '@playwright/test';
import { ALICE, signIn } from './helpers.js';

test("json-server's own home page works under the mount", async ({ page }) => {
  await signIn(page, ALICE);
  const stylesheet = page.waitForResponse((r) => r.url().endsWith('/tools/db/style.css'));
  await page.goto('/tools/db');
  // Its page links relatively, so the mount serves it with a trailing slash.
  await expect(page).toHaveURL('/tools/db/');
  expect((await stylesheet).status()).toBe(200);
  // The page's script fetched `db` (relative) through the route and listed the resources.
  const books = page.getByRole('link', { name: '/books' });
  await expect(books).toBeVisible();
  await books.click();
  await expect(page).toHaveURL('/tools/db/books');
  await expect(page.locator('body')).toContainText('The Mythical Man-Month');
});

test('its REST API answers through the route: create, read, update, delete', async ({ page }) => {
  await signIn(page, ALICE);
  const created = await page.request.post('/tools/db/loans', { data: { book: 2, by: 'alice' } });
  expect(created.status()).toBe(201);
  const loan = (await created.json()) as { id: number };
  expect((await (await page.request.get(`/tools/db/loans/${loan.id}`)).json()) as object).toEqual({ id: loan.id, book: 2, by: 'alice' });
  const patched = await page.request.patch(`/tools/db/loans/${loan.id}`, { data: { returned: true } });
  expect(((await patched.json()) as { returned?: boolean }).returned).toBe(true);
  expect((await page.request.delete(`/tools/db/loans/${loan.id}`)).status()).toBe(200);
  expect((await page.request.get(`/tools/db/loans/${loan.id}`)).status()).toBe(404);
  // Its query language passes through the route (?_sort, ?title_like).
  const found = (await (await page.request.get('/tools/db/books?title_like=Mythical')).json()) as Array<{ id: number }>;
  expect(found.map((b) => b.id)).toEqual([2]);
});
