/**
 * CSRF: a page on another port of localhost (same-site, so NextAuth's SameSite=Lax session cookie
 * goes along) posts a form to the notes app as the signed-in victim. The host's route refuses
 * such writes (403) before the app runs; the site's own pages and non-browser clients still work.
 */
import { expect, test } from '@playwright/test';
import { type CrossSitePage, startCrossSitePage } from './cross-site-page.js';
import { ALICE, signIn } from './helpers.js';

let attacker: CrossSitePage | undefined;
test.afterEach(async () => {
  await attacker?.close();
  attacker = undefined;
});

test('a same-site page cannot make the signed-in user create a note', async ({ page, baseURL }) => {
  await signIn(page, ALICE);
  const site = new URL(baseURL!);
  const title = `csrf-${Date.now()}`;
  attacker = await startCrossSitePage({
    hostname: site.hostname,
    action: new URL('/tools/notes/notes', site).href,
    fields: { title, body: 'posted by another site' },
    enctype: 'multipart/form-data',
  });
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/tools/notes/notes');
  await page.goto(attacker.url);
  const response = await posted;
  expect(await response.request().headerValue('sec-fetch-site')).toBe('same-site');
  expect(await response.request().headerValue('cookie')).toContain('next-auth.session-token');
  expect(response.status()).toBe(403);

  const notes = (await (await page.request.get('/tools/notes/api/notes')).json()) as Array<{ title: string }>;
  expect(notes.map((note) => note.title)).not.toContain(title);
});

test('writes from other origins are refused on every embedded app; same-origin, trusted and non-browser ones pass', async ({
  page,
  baseURL,
}) => {
  await signIn(page, ALICE);
  const port = Number(new URL(baseURL!).port);
  const sameSite = { origin: `http://localhost:${port === 65535 ? port - 1 : port + 1}`, 'sec-fetch-site': 'same-site' };
  for (const path of [
    '/tools/notes/api/notes',
    '/tools/koa/whoami',
    '/tools/legacy/',
    '/tools/guarded/whoami',
    '/tools/api-docs/',
    '/tools/cgi/',
    '/tools/py/',
  ]) {
    const response = await page.request.post(path, { data: { title: 'forged' }, headers: sameSite, maxRedirects: 0 });
    expect(response.status(), path).toBe(403);
  }
  // A push with Basic credentials the browser has cached, sent from another origin.
  const push = await page.request.post('/git/demo.git/git-receive-pack', {
    data: '0000',
    headers: {
      ...sameSite,
      authorization: `Basic ${Buffer.from('alice:alice').toString('base64')}`,
      'content-type': 'application/x-git-receive-pack-request',
    },
  });
  expect(push.status()).toBe(403);
  // An older browser without Sec-Fetch-Site: its Origin names another host.
  expect((await page.request.delete('/tools/notes/api/notes/x', { headers: { origin: sameSite.origin } })).status()).toBe(403);

  const own = await page.request.post('/tools/notes/api/notes', {
    data: { title: 'own page' },
    headers: { origin: new URL(baseURL!).origin, 'sec-fetch-site': 'same-origin' },
  });
  expect(own.status()).toBe(201);
  const partner = await page.request.post('/tools/notes/api/notes', {
    data: { title: 'partner site' },
    headers: { origin: 'http://partner.localhost:4000', 'sec-fetch-site': 'same-site' },
  });
  expect(partner.status()).toBe(201);
  const script = await page.request.post('/tools/notes/api/notes', { data: { title: 'api client' } });
  expect(script.status()).toBe(201);
  const titles = ((await (await page.request.get('/tools/notes/api/notes')).json()) as Array<{ title: string }>).map((n) => n.title);
  expect(titles).toEqual(expect.arrayContaining(['own page', 'partner site', 'api client']));
  expect(titles).not.toContain('forged');
});
