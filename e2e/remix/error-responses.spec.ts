/**
 * Bad input to the mounted apps of the production build: a 4xx that says what was wrong, never
 * a stack trace or a server path.
 */
import { expect, test } from '@playwright/test';
import { ALICE, signIn } from './helpers.js';

/** A stack frame, or a path on the server. */
const LEAK = /\n\s+at |\bat [\w.<>]+ \(|\/work\/|\/home\/|node_modules|\.(?:js|ts):\d+/;

test('json-server answers malformed JSON with a 400 and no stack trace', async ({ page }) => {
  await signIn(page, ALICE);
  const response = await page.request.post('/tools/db/books', {
    headers: { 'content-type': 'application/json' },
    // A Buffer goes out as it is (a string would be JSON-encoded by Playwright).
    data: Buffer.from('{"title": '),
  });
  const body = await response.text();
  expect(body).not.toMatch(LEAK);
  expect(response.status()).toBe(400);
  expect(JSON.parse(body)).toMatchObject({ error: expect.stringMatching(/JSON/i) });
  // Nothing was created, and the API still works.
  expect((await page.request.post('/tools/db/books', { data: { title: 'after the bad one' } })).status()).toBe(201);
});

test('other bad input to json-server and the notes app gets a 4xx without a stack', async ({ page }) => {
  await signIn(page, ALICE);
  const requests: Array<[string, Parameters<typeof page.request.fetch>[1]]> = [
    ['/tools/db/books', { method: 'POST', headers: { 'content-type': 'application/json; charset=klingon' }, data: Buffer.from('{}') }],
    [
      '/tools/db/books',
      { method: 'POST', headers: { 'content-type': 'application/json' }, data: Buffer.from(`{"t":"${'x'.repeat(11 * 1024 * 1024)}"}`) },
    ],
    ['/tools/notes/api/notes', { method: 'POST', headers: { 'content-type': 'application/json' }, data: Buffer.from('{"title": ') }],
    [
      '/tools/notes/notes',
      {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=b' },
        data: Buffer.from('--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nx'),
      },
    ],
  ];
  for (const [path, init] of requests) {
    const response = await page.request.fetch(path, { ...init, maxRedirects: 0 });
    const body = await response.text();
    expect(body, `${init?.method} ${path}`).not.toMatch(LEAK);
    expect(response.status(), `${init?.method} ${path}`).toBeGreaterThanOrEqual(400);
    expect(response.status(), `${init?.method} ${path}`).toBeLessThan(500);
  }
});
