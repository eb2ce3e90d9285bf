/**
 * What a signed-in visit to the mounted Swagger UI must show in Chromium: the page rendered by
 * swagger-ui's scripts (served by the embedded app under the mount) and `/tools/me` answering with
 * the user.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestUser, WhoAmI } from './http.js';

/** Waits (bounded) until Swagger UI has rendered the README's API title in `page`. */
export async function expectSwaggerUi(page: Page): Promise<void> {
  await page.locator('.swagger-ui .info .title').filter({ hasText: 'Tools API' }).waitFor({ timeout: 30_000 });
}

/** `/tools/me` with the page's cookies: the user as the app got it (identity and trusted header). */
export async function expectSignedIn(page: Page, origin: string, expected: { id: string; user: TestUser }): Promise<void> {
  const response = await page.request.get(`${origin}/tools/me`, { maxRedirects: 0, timeout: 30_000 });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as WhoAmI;
  expect(body.identity).toMatchObject({ id: expected.id, name: expected.user.name, email: expected.user.email });
  expect(body.header).toBe(expected.id);
}

/** Waits (bounded) until React has hydrated the first `<form>` of the page (its DOM node carries a fiber). */
export async function waitForHydratedForm(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const form = document.querySelector('form');
      return !!form && Object.keys(form).some((key) => key.startsWith('__reactFiber$'));
    },
    undefined,
    { timeout: 30_000 },
  );
}
