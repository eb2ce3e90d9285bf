/**
 * CSRF through the plain Node front door: a page on another port of localhost (same-site, so
 * the session cookie goes along) posts a form to the notes app at /tools/notes as the signed-in
 * victim. The front door's /tools app refuses it (403) before the notes app runs.
 */
import { expect, test } from '@playwright/test';
import { type CrossSitePage, startCrossSitePage } from '../tests/cross-site-page.js';
import { ALICE, signIn } from '../tests/helpers.js';

let attacker: CrossSitePage | undefined;
test.afterEach(async () => {
  await attacker?.close();
  attacker = undefined;
});

test('a same-site page cannot make the signed-in user create a note', async ({ page, baseURL }) => {
  await signIn(page, ALICE);
  const site = new URL(baseURL!);
  const title = `csrf-front-door-${Date.now()}`;
  attacker = await startCrossSitePage({
    hostname: site.hostname,
    action: new URL('/tools/notes/notes', site).href,
    fields: { title },
    enctype: 'multipart/form-data',
  });
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/tools/notes/notes');
  await page.goto(attacker.url);
  const response = await posted;
  expect(await response.request().headerValue('sec-fetch-site')).toBe('same-site');
  expect(response.status()).toBe(403);

  const notes = (await (await page.request.get('/tools/notes/api/notes')).json()) as Array<{ title: string }>;
  expect(notes.map((note) => note.title)).not.toContain(title);
});
