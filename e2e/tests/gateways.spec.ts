/**
 * Programs in other languages under the demo's NextAuth login: a Perl CGI script at /tools/cgi
 * (Graft's cgi() gateway) and a Python http.server app at /tools/py (Graft's proxy() gateway,
 * started by the demo itself). Both learn the user only from the host.
 */
import { expect, test } from '@playwright/test';
import { ALICE, BOB, signIn, signInOnPage } from './helpers.js';

/** Headers a visitor might send hoping a gateway passes them on as the user. */
const FORGED = { 'x-remote-user': 'mallory', 'remote-user': 'mallory', 'x-forwarded-user': 'mallory' };

test('anonymous visitors of /tools/cgi and /tools/py are sent to sign in, and come back', async ({ page, request }) => {
  for (const path of ['/tools/cgi/a?b=1', '/tools/py/a?b=1']) {
    const response = await request.get(path, { maxRedirects: 0, headers: FORGED });
    expect(response.status(), path).toBe(307);
    expect(response.headers().location).toBe(`/api/auth/signin?callbackUrl=${encodeURIComponent(path)}`);
  }
  await page.goto('/tools/cgi/after-sign-in');
  await signInOnPage(page, ALICE);
  await expect(page).toHaveURL('/tools/cgi/after-sign-in');
  await expect(page.getByTestId('REMOTE_USER')).toHaveText(ALICE.username);
});

test('the Perl CGI script gets REMOTE_USER, SCRIPT_NAME, PATH_INFO and QUERY_STRING from the gateway, never from a header', async ({
  page,
}) => {
  await signIn(page, ALICE);
  await page.setExtraHTTPHeaders(FORGED);
  await page.goto('/tools/cgi/some/p%20ath?x=1&y=%2F');
  await expect(page.getByTestId('greeting')).toHaveText(ALICE.username);
  await expect(page.getByTestId('REMOTE_USER')).toHaveText(ALICE.username);
  await expect(page.getByTestId('AUTH_TYPE')).toHaveText('NextAuth');
  await expect(page.getByTestId('SCRIPT_NAME')).toHaveText('/tools/cgi');
  await expect(page.getByTestId('PATH_INFO')).toHaveText('/some/p ath');
  await expect(page.getByTestId('QUERY_STRING')).toHaveText('x=1&y=%2F');
  await expect(page.getByTestId('REQUEST_METHOD')).toHaveText('GET');
  // The forged headers did not even become HTTP_* variables; the session cookie is not echoed.
  const headers = page.getByTestId('headers');
  await expect(headers).toContainText('HTTP_USER_AGENT');
  await expect(headers).not.toContainText('REMOTE_USER');
  await expect(headers).not.toContainText('FORWARDED_USER');
  await expect(page.locator('body')).not.toContainText('mallory');
  await expect(page.locator('body')).not.toContainText('next-auth.session-token');

  // The bare mount: SCRIPT_NAME alone, empty PATH_INFO; a form POST reaches the script's stdin.
  await page.goto('/tools/cgi');
  await expect(page.getByTestId('PATH_INFO')).toHaveText('');
  await page.getByLabel('Post a note').fill('hello from perl & co');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page).toHaveURL('/tools/cgi/form');
  await expect(page.getByTestId('posted')).toHaveText('You posted: hello from perl & co');
  await expect(page.getByTestId('REQUEST_METHOD')).toHaveText('POST');
  await expect(page.getByTestId('PATH_INFO')).toHaveText('/form');
  await expect(page.getByTestId('REMOTE_USER')).toHaveText(ALICE.username);
});

test('the Python upstream sees the signed-in user in X-Remote-User, never a forged one', async ({ page, browser }) => {
  await signIn(page, ALICE);
  await page.setExtraHTTPHeaders(FORGED);
  await page.goto('/tools/py/some/path?x=1');
  await expect(page.getByTestId('greeting')).toHaveText(ALICE.username);
  await expect(page.getByTestId('X-Remote-User')).toHaveText(ALICE.username);
  await expect(page.getByTestId('path')).toHaveText('/some/path');
  await expect(page.getByTestId('query')).toHaveText('x=1');
  await expect(page.getByTestId('X-Forwarded-Prefix')).toHaveText('/tools/py');
  await expect(page.locator('body')).not.toContainText('mallory');

  // Links and forms built from X-Forwarded-Prefix stay under the mount; the body goes through.
  await page.getByLabel('Post a note').fill('hello from python');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page).toHaveURL('/tools/py/form');
  await expect(page.getByTestId('posted')).toHaveText('You posted: hello from python');
  await expect(page.getByTestId('method')).toHaveText('POST');
  await expect(page.getByTestId('X-Remote-User')).toHaveText(ALICE.username);

  // Another user in another browser gets their own name: the header follows the session.
  const context = await browser.newContext();
  try {
    const bobPage = await context.newPage();
    await signIn(bobPage, BOB);
    await bobPage.goto('/tools/py/');
    await expect(bobPage.getByTestId('X-Remote-User')).toHaveText(BOB.username);
    await expect(bobPage.getByTestId('path')).toHaveText('/');
  } finally {
    await context.close();
  }
});

test('the home page links the programs in other languages', async ({ page }) => {
  await page.goto('/');
  const section = page.locator('ul').filter({ has: page.getByRole('link', { name: 'git' }) });
  for (const [name, href] of [
    ['Perl CGI', '/tools/cgi'],
    ['Python server', '/tools/py'],
    ['git', '/git'],
  ]) {
    await expect(section.getByRole('link', { name, exact: true })).toHaveAttribute('href', href!);
  }
  await page.getByRole('link', { name: 'git', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'git over HTTP' })).toBeVisible();
  await expect(page.getByTestId('repo').first()).toContainText(/git clone http:\/\/localhost:\d+\/git\/demo\.git/);
});
