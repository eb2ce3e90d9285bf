import { expect, test } from '@playwright/test';
import { ALICE, signInOnPage } from './helpers.js';

// A link to our sign-in page with a way back that the browser reads as another host once the tab
// is dropped (`/\t/evil.example/` is `//evil.example/`): after signing in, the browser stays here.
for (const redirectTo of ['/\t/evil.example/', '/\\evil.example/', '//evil.example/']) {
  test(`signing in with redirectTo=${JSON.stringify(redirectTo)} stays on the site`, async ({ page, baseURL }) => {
    await page.goto(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
    await signInOnPage(page, ALICE);
    await expect(page).toHaveURL(`${baseURL}/`);
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  });
}
