/**
 * `req.graft.request` on the fast path: a body-less `Request` built only when read, describing
 * the real request, whose signal aborts when the client goes away.
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { deferred, orAfter } from '../test-support/deferred.js';
import { bodyOf, rawRequest, startServer, type TestServer } from '../test-support/http-server.js';
import { createNodeGraftContext } from './node-request-view.js';

let running: TestServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const init = { identity: { id: 'alice' }, locals: { tenant: 't1' }, mountPath: '/tools', pathInfo: '/x' };

describe('createNodeGraftContext', () => {
  it('builds request on first read: full raw URL, method, headers, no body; the same object after', async () => {
    running = await startServer((req, res) => {
      (req as IncomingMessage & { originalUrl: string }).originalUrl = '/tools/a%2Fb?q=1';
      req.url = '/a%2Fb?q=1';
      const context = createNodeGraftContext(req, res, init, {});
      const request = context.request;
      res.end(
        JSON.stringify({
          url: request.url,
          method: request.method,
          header: request.headers.get('x-test'),
          body: request.body,
          same: context.request === request,
          rest: [context.identity, context.locals, context.mountPath, context.pathInfo],
        }),
      );
    });
    const raw = await rawRequest(running.port, [
      'POST /tools/a%2Fb?q=1 HTTP/1.1',
      'Host: shop.example:8080',
      'X-Test: yes',
      'Content-Length: 0',
    ]);
    expect(JSON.parse(bodyOf(raw))).toEqual({
      url: 'http://shop.example:8080/tools/a%2Fb?q=1',
      method: 'POST',
      header: 'yes',
      body: null,
      same: true,
      rest: [{ id: 'alice' }, { tenant: 't1' }, '/tools', '/x'],
    });
  });

  it('takes host and protocol from the options', async () => {
    running = await startServer((req, res) => {
      res.end(createNodeGraftContext(req, res, init, { host: 'app.example', protocol: 'https:' }).request.url);
    });
    const raw = await rawRequest(running.port, ['GET /p HTTP/1.1', 'Host: evil.example']);
    expect(bodyOf(raw)).toBe('https://app.example/p');
  });

  it('aborts the signal when the client disconnects before the response finished', async () => {
    const aborted = deferred();
    const started = deferred();
    running = await startServer((req: IncomingMessage, res: ServerResponse) => {
      const { signal } = createNodeGraftContext(req, res, init, {}).request;
      signal.addEventListener('abort', () => aborted.resolve());
      started.resolve();
    });
    const client = httpRequest({ port: running.port, host: '127.0.0.1', path: '/wait' });
    client.on('error', () => {});
    client.end();
    await started.promise;
    client.destroy();
    expect(
      await orAfter(
        aborted.promise.then(() => 'aborted'),
        5000,
        'not aborted',
      ),
    ).toBe('aborted');
  });

  it('never aborts the signal of a request whose response finished', async () => {
    const closed = deferred<boolean>();
    running = await startServer((req, res) => {
      const { signal } = createNodeGraftContext(req, res, init, {}).request;
      res.on('close', () => setImmediate(() => closed.resolve(signal.aborted)));
      res.end('done');
    });
    await rawRequest(running.port, ['GET / HTTP/1.1', 'Host: 127.0.0.1']);
    expect(await closed.promise).toBe(false);
  });
});
