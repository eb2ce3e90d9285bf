import { expect, test } from '@playwright/test';
import { ALICE, signIn } from './helpers.js';

test("an app's trailing-slash redirect does not loop with Next's", async ({ page, request }) => {
  // The app redirects /dir -> /dir/; Next would redirect /dir/ -> /dir without withGraft.
  const redirect = await request.get('/tools/koa/dir', { maxRedirects: 0 });
  expect(redirect.status()).toBe(301);
  expect(redirect.headers().location).toBe('/tools/koa/dir/');
  const target = await request.get('/tools/koa/dir/', { maxRedirects: 0 });
  expect(target.status()).toBe(200);

  await page.goto('/tools/koa/dir');
  await expect(page).toHaveURL('/tools/koa/dir/');
  await expect(page.getByTestId('dir')).toHaveText('Index of /tools/koa/dir/');

  // The host's own pages keep Next's canonical form.
  const hostPage = await request.get('/about/', { maxRedirects: 0 });
  expect(hostPage.status()).toBe(308);
  expect(hostPage.headers().location).toBe('/about');
});

test('swagger-ui-express serves the notes API docs under the prefix', async ({ page }) => {
  await page.goto('/tools/api-docs');
  await expect(page).toHaveURL('/tools/api-docs/');
  await expect(page.getByRole('heading', { name: /Notes API/ })).toBeVisible();
  await expect(page.getByText('/api/notes/{id}').first()).toBeVisible();
});

test('a CORS preflight reaches the embedded app, even on a protected mount', async ({ request }) => {
  const preflight = await request.fetch('/tools/notes/api/notes', {
    method: 'OPTIONS',
    headers: { origin: 'http://partner.localhost:4000', 'access-control-request-method': 'POST' },
    maxRedirects: 0,
  });
  expect(preflight.status()).toBe(204);
  expect(preflight.headers()['x-notes-preflight']).toBe('answered-by-notes-app');
  expect(preflight.headers()['access-control-allow-origin']).toBe('http://partner.localhost:4000');

  const koa = await request.fetch('/tools/koa/anything', {
    method: 'OPTIONS',
    headers: { origin: 'http://partner.localhost:4000', 'access-control-request-method': 'PUT' },
  });
  expect(koa.status()).toBe(204);
  expect(koa.headers()['x-koa-preflight']).toBe('handled');
});

test('embedded responses are neither cached nor prerendered', async ({ request }) => {
  const first = await request.get('/tools/koa/nonce');
  const second = await request.get('/tools/koa/nonce');
  const a = (await first.json()) as { nonce: string };
  const b = (await second.json()) as { nonce: string };
  expect(a.nonce).not.toBe(b.nonce);
  expect(first.headers()['x-nextjs-cache']).toBeUndefined();
  expect(first.headers()['x-nextjs-prerender']).toBeUndefined();
  expect(first.headers()['cache-control'] ?? '').not.toMatch(/s-maxage|immutable/);
});

test('a forged identity header never reaches an app, signed in or not', async ({ page, request }) => {
  const anonymous = await request.get('/tools/koa/whoami', { headers: { 'x-remote-user': 'mallory' } });
  expect(await anonymous.json()).toMatchObject({ identity: null, remoteUserHeader: null });

  await signIn(page, ALICE);
  const signedIn = await page.request.get('/tools/guarded/whoami', { headers: { 'x-remote-user': 'mallory' } });
  expect(await signedIn.json()).toMatchObject({ identity: { id: ALICE.email }, remoteUserHeader: ALICE.email });
});

test('a next-connect guard runs before the embedded app', async ({ page, request }) => {
  const anonymous = await request.get('/tools/guarded/whoami');
  expect(anonymous.status()).toBe(401);
  expect(await anonymous.json()).toMatchObject({ error: 'sign in first' });

  await signIn(page, ALICE);
  const allowed = await page.request.get('/tools/guarded/whoami?x=1');
  expect(allowed.status()).toBe(200);
  expect(await allowed.json()).toMatchObject({
    app: 'plain node handler',
    url: '/whoami?x=1',
    mountPath: '/tools/guarded',
    identity: { id: ALICE.email },
    locals: { guardedBy: 'next-connect', method: 'GET' },
  });
});

test("a hand-written route sends the app's login and logout to the host, adds a header and per-request locals", async ({ page }) => {
  const response = await page.goto('/tools/legacy');
  expect(response?.headers()['x-graft-route']).toBe('hand-written');
  await expect(page.getByTestId('identity')).toHaveText('null');
  const locals = JSON.parse((await page.getByTestId('locals').textContent())!) as { requestId: string; host: string };
  expect(locals.host).toBe('next-demo');

  await page.reload();
  const again = JSON.parse((await page.getByTestId('locals').textContent())!) as { requestId: string };
  expect(again.requestId).not.toBe(locals.requestId);

  await page.getByRole('link', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/api\/auth\/signin\?callbackUrl=%2Ftools%2Flegacy$/);
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill('alice');
  await page.getByRole('button', { name: /sign in/i }).click();
  await expect(page).toHaveURL('/tools/legacy');
  await expect(page.getByTestId('identity')).toContainText(ALICE.email);

  await page.getByRole('link', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/api\/auth\/signout\?callbackUrl=%2F$/);
  await page.getByRole('button', { name: /sign out/i }).click();
  await expect(page.getByTestId('who')).toContainText('Not signed in');
  await page.goto('/tools/legacy');
  await expect(page.getByTestId('identity')).toHaveText('null');
});
