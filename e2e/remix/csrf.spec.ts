/**
 * CSRF: a page on another port of the same host (same-site, so the SameSite=Lax session cookie
 * goes along) posts forms to the mounted apps as the signed-in victim. The host's routes refuse
 * such writes (403) before the apps run; the site's own pages and non-browser clients still work.
 */
import { expect, test } from '@playwright/test';
import { type CrossSitePage, startCrossSitePage } from '../tests/cross-site-page.js';
import { ALICE, signIn } from './helpers.js';

let attacker: CrossSitePage | undefined;
test.afterEach(async () => {
  await attacker?.close();
  attacker = undefined;
});

for (const target of [
  { name: 'json-server', path: '/tools/db/books', list: '/tools/db/books', enctype: 'application/x-www-form-urlencoded' as const },
  { name: 'the notes app', path: '/tools/notes/notes', list: '/tools/notes/api/notes', enctype: 'multipart/form-data' as const },
]) {
  test(`a same-site page cannot make the signed-in user write to ${target.name}`, async ({ page, baseURL }) => {
    await signIn(page, ALICE);
    const site = new URL(baseURL!);
    const title = `csrf-${target.name.replace(/\W/g, '')}-${Date.now()}`;
    attacker = await startCrossSitePage({
      hostname: site.hostname,
      action: new URL(target.path, site).href,
      fields: { title },
      enctype: target.enctype,
    });
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === target.path);
    await page.goto(attacker.url);
    const response = await posted;
    // What the browser sent: it is same-site, and the session cookie went along.
    expect(await response.request().headerValue('sec-fetch-site')).toBe('same-site');
    expect(await response.request().headerValue('origin')).toBe(attacker.origin);
    expect(response.status()).toBe(403);

    const items = (await (await page.request.get(target.list)).json()) as Array<{ title: string }>;
    expect(items.map((item) => item.title)).not.toContain(title);
  });
}

test('same-site API writes are refused; same-origin and non-browser ones are served', async ({ page, baseURL }) => {
  await signIn(page, ALICE);
  const port = Number(new URL(baseURL!).port);
  const other = `http://127.0.0.1:${port === 65535 ? port - 1 : port + 1}`;
  const refused = await page.request.post('/tools/db/books', {
    data: { title: 'forged book' },
    headers: { origin: other, 'sec-fetch-site': 'same-site' },
  });
  expect(refused.status()).toBe(403);
  const oldBrowser = await page.request.delete('/tools/db/books/1', { headers: { origin: other } });
  expect(oldBrowser.status()).toBe(403);
  expect((await page.request.get('/tools/db/books/1')).status()).toBe(200);

  const own = await page.request.post('/tools/db/books', {
    data: { title: 'own page book' },
    headers: { origin: new URL(baseURL!).origin, 'sec-fetch-site': 'same-origin' },
  });
  expect(own.status()).toBe(201);
  const script = await page.request.post('/tools/db/books', { data: { title: 'api client book' } });
  expect(script.status()).toBe(201);
  const titles = ((await (await page.request.get('/tools/db/books')).json()) as Array<{ title: string }>).map((b) => b.title);
  expect(titles).toEqual(expect.arrayContaining(['own page book', 'api client book']));
  expect(titles).not.toContain('forged book');
});
