/**
 * WebSockets through the front door: the chat at /chat (a `ws` app the front server hands the raw
 * upgrade to) behind the same NextAuth sign-in as every other mount. Two signed-in users talk in
 * real Chromium; an anonymous browser's socket, and one opened by a page on another port of the
 * same host (same-site, so the session cookie goes along), are refused.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, type Page, test } from '@playwright/test';
import { ALICE, BOB, signIn } from '../tests/helpers.js';

/** Opens a WebSocket from `page` and resolves with `open`, or `closed <code>` if it never opened. */
function tryWebSocket(page: Page, url: string): Promise<string> {
  return page.evaluate(
    (target) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(target);
        ws.onopen = () => {
          resolve('open');
          ws.close();
        };
        ws.onclose = (event) => resolve(`closed ${event.code}`);
      }),
    url,
  );
}

test('two signed-in users chat over a WebSocket, each seeing the other by name', async ({ browser, baseURL }) => {
  const aliceContext = await browser.newContext({ baseURL });
  const bobContext = await browser.newContext({ baseURL });
  try {
    const alice = await aliceContext.newPage();
    const bob = await bobContext.newPage();
    await signIn(alice, ALICE);
    await signIn(bob, BOB);

    await alice.goto('/chat/');
    await expect(alice.getByTestId('chat-user')).toContainText(`Signed in as ${ALICE.name}`);
    await expect(alice.getByTestId('chat-status')).toHaveText('Connected');
    await expect(alice.getByTestId('chat-log')).toContainText(`Welcome, ${ALICE.name}!`);

    await bob.goto('/chat/');
    await expect(bob.getByTestId('chat-status')).toHaveText('Connected');
    await expect(bob.getByTestId('chat-log')).toContainText(`Welcome, ${BOB.name}! Here: ${ALICE.name}.`);
    await expect(alice.getByTestId('chat-log')).toContainText(`${BOB.name} joined`);

    await alice.getByLabel('Message').fill('Hello Bob, from the front door');
    await alice.getByRole('button', { name: 'Send' }).click();
    await expect(bob.getByTestId('chat-log')).toContainText(`${ALICE.name}: Hello Bob, from the front door`);

    // Text stays text: markup in a message is shown, not rendered.
    await bob.getByLabel('Message').fill('Hi <b>Alice</b>');
    await bob.getByRole('button', { name: 'Send' }).click();
    await expect(alice.getByTestId('chat-log')).toContainText(`${BOB.name}: Hi <b>Alice</b>`);
    await expect(alice.getByTestId('chat-log').locator('b')).toHaveCount(0);

    await bob.close();
    await expect(alice.getByTestId('chat-log')).toContainText(`${BOB.name} left`);
  } finally {
    await aliceContext.close();
    await bobContext.close();
  }
});

test("an anonymous visitor is sent to sign in, and an anonymous browser's WebSocket is refused", async ({ page, baseURL }) => {
  await page.goto('/chat/');
  await expect(page).toHaveURL(/\/api\/auth\/signin\?callbackUrl=%2Fchat%2F$/);
  // Same origin as the chat, no session: the upgrade gets a 401 and the socket never opens.
  const socketUrl = new URL('/chat/socket', baseURL).href.replace(/^http/, 'ws');
  expect(await tryWebSocket(page, socketUrl)).toBe('closed 1006');
});

test('a page on another port of the same host cannot open the chat as the signed-in user', async ({ page, baseURL }) => {
  await signIn(page, ALICE);
  const socketUrl = new URL('/chat/socket', baseURL).href.replace(/^http/, 'ws');
  // The same user, from the chat's own origin: it opens.
  await page.goto('/api/auth/signin');
  expect(await tryWebSocket(page, socketUrl)).toBe('open');

  // Another port of localhost is same-site: the SameSite=Lax session cookie goes along with the
  // handshake, so only the Origin check stops this page (cross-site WebSocket hijacking).
  const attacker: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Win a prize</title><p>Nothing to see.</p>');
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  try {
    const port = (attacker.address() as AddressInfo).port;
    await page.goto(`http://${new URL(baseURL!).hostname}:${port}/`);
    expect(await tryWebSocket(page, socketUrl)).toBe('closed 1006');
  } finally {
    await new Promise<void>((resolve) => attacker.close(() => resolve()));
  }
});
