/**
 * `toNodeListener` behind a real `http.createServer`, driven by real clients (`fetch`,
 * `http.request`, raw sockets): streaming both ways with backpressure, disconnects, errors, HEAD,
 * and the client's address.
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidOptionError } from '../shared/errors.js';
import { deferred, once, orAfter, within } from '../test-support/deferred.js';
import { bodyOf, rawRequest, startServer, statusOf, type TestServer } from '../test-support/http-server.js';
import { randomData, sha256 } from '../test-support/requests.js';
import { type FetchHandler, type ToNodeListenerOptions, toNodeListener } from './to-node-listener.js';

const encoder = new TextEncoder();
let running: TestServer | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** Serves `handler` and remembers the last Node req/res the server saw. */
async function serve(handler: FetchHandler, options?: ToNodeListenerOptions) {
  const listener = toNodeListener(handler, options);
  const seen: { req?: IncomingMessage; res?: ServerResponse; done?: Promise<void> } = {};
  running = await startServer((req, res) => {
    seen.req = req;
    seen.res = res;
    seen.done = listener(req, res);
  });
  return { ...running, seen };
}

/** Reads a fetch body until it ends, as bytes. */
async function readAll(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(body).arrayBuffer());
}

describe('toNodeListener: responses', () => {
  it('streams: the first chunk reaches the client before the handler produces the second', async () => {
    const secondMayFollow = deferred();
    const { origin } = await serve(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(encoder.encode('first;'));
            },
            async pull(controller) {
              await secondMayFollow.promise;
              controller.enqueue(encoder.encode('second'));
              controller.close();
            },
          }),
        ),
    );
    const response = await fetch(`${origin}/stream`);
    const reader = response.body!.getReader();
    const first = await orAfter(reader.read(), 5000, 'stalled' as const);
    expect(first).not.toBe('stalled');
    expect(new TextDecoder().decode((first as ReadableStreamReadResult<Uint8Array>).value)).toBe('first;');
    secondMayFollow.resolve();
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    expect(rest).toBe('second');
  });

  it('stops pulling the response body while the client does not read, and resumes when it does', async () => {
    const total = 32 * 1024 * 1024;
    const chunk = randomData(64 * 1024);
    let pulled = 0;
    const halfPulled = deferred();
    const { port, seen } = await serve(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              if (pulled >= total) return controller.close();
              pulled += chunk.byteLength;
              if (pulled >= total / 2) halfPulled.resolve();
              controller.enqueue(chunk);
            },
          }),
        ),
    );
    const response = await new Promise<IncomingMessage>((resolve) => httpRequest({ port, host: '127.0.0.1', path: '/big' }, resolve).end());
    response.pause();
    // Let the server write as much as it can: the socket buffers fill and write() returns false
    // (a state, not an event, hence the poll).
    await vi.waitFor(() => expect(seen.res!.writableNeedDrain).toBe(true), { timeout: 5000, interval: 10 });
    expect(seen.res!.writableNeedDrain).toBe(true);
    // A window, not an event: what is tested is that the server stops pulling while the client does not read.
    await orAfter(halfPulled.promise, 200, undefined);
    const pulledWhilePaused = pulled;
    expect(pulledWhilePaused).toBeLessThan(total / 2);
    let received = 0;
    response.on('data', (c: Buffer) => (received += c.byteLength));
    response.resume();
    await once(response, 'end');
    expect(received).toBe(total);
  });

  it('cancels the response body when the client disconnects mid-body, and aborts request.signal', async () => {
    const cancelled = deferred<unknown>();
    const aborted = deferred();
    const { port } = await serve((request) => {
      request.signal.addEventListener('abort', () => aborted.resolve());
      return new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            controller.enqueue(randomData(16 * 1024));
          },
          cancel(reason) {
            cancelled.resolve(reason);
          },
        }),
      );
    });
    const response = await new Promise<IncomingMessage>((resolve) =>
      httpRequest({ port, host: '127.0.0.1', path: '/endless' }, resolve).end(),
    );
    await once(response, 'data');
    response.destroy();
    expect(
      await orAfter(
        cancelled.promise.then(() => 'cancelled'),
        5000,
        'still pulling',
      ),
    ).toBe('cancelled');
    expect(
      await orAfter(
        aborted.promise.then(() => 'aborted'),
        5000,
        'not aborted',
      ),
    ).toBe('aborted');
  });

  it('sends each Set-Cookie as its own field', async () => {
    const { origin } = await serve(() => {
      const headers = new Headers({ 'content-type': 'text/plain' });
      headers.append('set-cookie', 'a=1; Path=/');
      headers.append('set-cookie', 'b=2; Path=/; HttpOnly');
      return new Response('ok', { headers });
    });
    const response = await fetch(`${origin}/cookies`);
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/; HttpOnly']);
  });

  it('answers HEAD with the head only and releases the body the handler made', async () => {
    const cancelled = deferred();
    const methods: string[] = [];
    const { port } = await serve((request) => {
      methods.push(request.method);
      return new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode('body that must not be sent'));
          },
          cancel() {
            cancelled.resolve();
          },
        }),
        { headers: { 'content-length': '26', 'x-kind': 'head-test' } },
      );
    });
    const raw = await rawRequest(port, ['HEAD /thing HTTP/1.1', 'Host: 127.0.0.1']);
    expect(statusOf(raw)).toBe(200);
    expect(raw).toMatch(/\r\nx-kind: head-test\r\n/i);
    expect(raw).toMatch(/\r\ncontent-length: 26\r\n/i);
    expect(bodyOf(raw)).toBe('');
    expect(methods).toEqual(['HEAD']);
    expect(
      await orAfter(
        cancelled.promise.then(() => 'cancelled'),
        5000,
        'left open',
      ),
    ).toBe('cancelled');
  });
});

describe('toNodeListener: requests', () => {
  it('streams a large upload into the handler as it arrives', async () => {
    const firstChunkSeen = deferred();
    const { port } = await serve(async (request) => {
      const reader = request.body!.getReader();
      const parts: Uint8Array[] = [];
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        if (parts.length === 0) firstChunkSeen.resolve();
        parts.push(r.value);
      }
      const all = new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer());
      return Response.json({ size: all.byteLength, sha: sha256(all), method: request.method });
    });
    const head = randomData(1024);
    const tail = randomData(8 * 1024 * 1024);
    const client = httpRequest({ port, host: '127.0.0.1', path: '/upload', method: 'PUT' });
    const responded = new Promise<IncomingMessage>((resolve) => client.once('response', resolve));
    client.write(head);
    // The rest is only sent once the handler has the first bytes: a buffering server would hang.
    expect(
      await orAfter(
        firstChunkSeen.promise.then(() => 'seen'),
        5000,
        'buffered',
      ),
    ).toBe('seen');
    client.end(tail);
    const response = await responded;
    const chunks: Buffer[] = [];
    for await (const c of response) chunks.push(c as Buffer);
    const whole = new Uint8Array(head.byteLength + tail.byteLength);
    whole.set(head);
    whole.set(tail, head.byteLength);
    expect(JSON.parse(Buffer.concat(chunks).toString())).toEqual({ size: whole.byteLength, sha: sha256(whole), method: 'PUT' });
  });

  it('pauses the socket while the handler does not read the body', async () => {
    const mayRead = deferred();
    const { port, server, seen } = await serve(async (request) => {
      await mayRead.promise;
      const bytes = await readAll(request.body!);
      return new Response(sha256(bytes));
    });
    const body = randomData(4 * 1024 * 1024);
    const arrived = once(server, 'request');
    const client = httpRequest({ port, host: '127.0.0.1', path: '/slow', method: 'POST' });
    const responded = new Promise<IncomingMessage>((resolve) => client.once('response', resolve));
    client.end(body);
    await within(arrived, 5000, 'the request reaching the server');
    const req = seen.req!;
    if (!req.isPaused()) await within(once(req, 'pause'), 5000, 'the request pausing');
    expect(req.isPaused()).toBe(true);
    expect(req.socket.bytesRead).toBeLessThan(body.byteLength);
    mayRead.resolve();
    const response = await responded;
    let text = '';
    for await (const c of response) text += String(c);
    expect(text).toBe(sha256(body));
  });

  it('aborts request.signal when the client disconnects before the response', async () => {
    const started = deferred();
    const aborted = deferred<unknown>();
    const { port, seen } = await serve(
      (request) =>
        new Promise<Response>((_, reject) => {
          request.signal.addEventListener('abort', () => {
            aborted.resolve(request.signal.reason);
            reject(request.signal.reason);
          });
          started.resolve();
        }),
    );
    const client = httpRequest({ port, host: '127.0.0.1', path: '/wait' });
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
    await seen.done;
    expect(seen.res!.headersSent).toBe(false);
  });

  it('passes the client address and builds request.url from Host, or from the host/protocol options', async () => {
    const handler: FetchHandler = (request, client) => Response.json({ url: request.url, client });
    const plain = await serve(handler);
    const local = await new Promise<{ port: number; body: string }>((resolve) => {
      const client = httpRequest({ port: plain.port, host: '127.0.0.1', path: '/who?x=1' }, async (response) => {
        let body = '';
        for await (const c of response) body += String(c);
        resolve({ port: client.socket!.localPort!, body });
      });
      client.end();
    });
    expect(JSON.parse(local.body)).toEqual({
      url: `http://127.0.0.1:${plain.port}/who?x=1`,
      client: { address: '127.0.0.1', family: 'IPv4', port: local.port },
    });
    await plain.close();

    const fixed = await serve(handler, { host: 'app.example:8443', protocol: 'https:' });
    const body = await (await fetch(`${fixed.origin}/who`, { headers: { host: 'evil.example' } })).json();
    expect(body.url).toBe('https://app.example:8443/who');
  });

  it('answers a Host that makes no URL with 400 and a method Fetch forbids with 501', async () => {
    let calls = 0;
    const { port } = await serve(() => {
      calls++;
      return new Response('ok');
    });
    expect(statusOf(await rawRequest(port, ['GET /x HTTP/1.1', 'Host: a b']))).toBe(400);
    expect(statusOf(await rawRequest(port, ['TRACE /x HTTP/1.1', 'Host: 127.0.0.1']))).toBe(501);
    expect(calls).toBe(0);
  });
});

describe('toNodeListener: failures', () => {
  it.each([
    [
      'throws',
      () => {
        throw new Error('secret detail');
      },
    ],
    ['rejects', () => Promise.reject(new Error('secret detail'))],
    ['returns no Response', () => undefined as unknown as Response],
  ])('answers 500 without details when the handler %s, and reports the error with the request', async (_, handler) => {
    const reported: [unknown, string][] = [];
    const { origin } = await serve(handler as FetchHandler, {
      onError: (error, { request }) => void reported.push([error, request.url]),
    });
    const response = await fetch(`${origin}/fail`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('Internal Server Error');
    expect(reported).toHaveLength(1);
    expect(reported[0]![1]).toBe(`${origin}/fail`);
    // The server is still serving.
    expect((await fetch(`${origin}/again`)).status).toBe(500);
  });

  it('uses the Response onError returns', async () => {
    const { origin } = await serve(
      () => {
        throw new Error('nope');
      },
      { onError: () => new Response('custom', { status: 503 }) },
    );
    const response = await fetch(`${origin}/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('custom');
  });

  it('cuts the response short when the body fails after the head was sent', async () => {
    const reported = deferred<unknown>();
    const failNow = deferred();
    const { origin } = await serve(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(encoder.encode('partial'));
            },
            async pull(controller) {
              await failNow.promise;
              controller.error(new Error('disk gone'));
            },
          }),
        ),
      { onError: (error) => reported.resolve(error) },
    );
    const response = await fetch(`${origin}/broken`);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('partial');
    failNow.resolve();
    await expect(reader.read()).rejects.toThrow();
    expect(((await reported.promise) as Error).message).toBe('disk gone');
  });

  it.each(['a/b', 'user@host', 'host name', ''])('refuses the host option %j at once', (host) => {
    expect(() => toNodeListener(() => new Response(), { host })).toThrow(InvalidOptionError);
  });
});
