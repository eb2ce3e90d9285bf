import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../test-support/http-server.js';
import { rawRequest, readAll } from '../test-support/raw-http.js';
import { plainTextResponse, sendPlainText } from './plain-text.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('plain-text answers', () => {
  it('builds a Fetch Response: plain text, not cached, not sniffed, extra headers kept', async () => {
    const response = plainTextResponse(401, 'Sign in\n', { 'www-authenticate': 'Basic realm="x"' });
    expect(response.status).toBe(401);
    expect(Object.fromEntries(response.headers)).toEqual({
      'cache-control': 'no-store',
      'content-length': '8',
      'content-type': 'text/plain; charset=utf-8',
      'www-authenticate': 'Basic realm="x"',
      'x-content-type-options': 'nosniff',
    });
    expect(await response.text()).toBe('Sign in\n');
  });

  it('answers a Node response with the same head and an exact Content-Length', async () => {
    server = await startServer((_req, res) => sendPlainText(res, 404, 'Not Found: ü\n'));
    const res = await rawRequest(server.origin, '/');
    expect(res.statusCode).toBe(404);
    expect(res.headers).toMatchObject({
      'cache-control': 'no-store',
      'content-type': 'text/plain; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'content-length': String(Buffer.byteLength('Not Found: ü\n')),
    });
    expect((await readAll(res)).toString()).toBe('Not Found: ü\n');
  });

  it('cuts a response that has already started instead of writing a second head', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
      sendPlainText(res, 500, 'Internal Server Error');
    });
    // The connection is cut: the client sees a hang-up or a truncated 200, never a 500 head.
    const outcome = await rawRequest(server.origin, '/').then(
      async (res) => {
        expect(res.statusCode).toBe(200);
        return readAll(res).then(
          () => 'complete',
          () => 'cut',
        );
      },
      () => 'cut',
    );
    expect(outcome).toBe('cut');
  });
});
