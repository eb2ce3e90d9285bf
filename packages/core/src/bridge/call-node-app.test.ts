/**
 * Lifecycle of a call: when the Response resolves, how the body streams and pushes back, and
 * what the app and the host see at every way a call can end.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InvalidOptionError, MountMismatchError } from '../shared/errors.js';
import { deferred, orAfter, tick, within } from '../test-support/deferred.js';
import { callNodeApp } from './call-node-app.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

const quiet = { onError: () => {} };

/** Records the order of lifecycle events on req and res. */
function recordEvents(req: IncomingMessage, res: ServerResponse): string[] {
  const events: string[] = [];
  req.on('aborted', () => events.push('req:aborted'));
  req.on('error', (e: NodeJS.ErrnoException) => events.push(`req:error:${e.code ?? e.message}`));
  req.on('close', () => events.push('req:close'));
  res.on('finish', () => events.push('res:finish'));
  res.on('close', () => events.push(`res:close:${res.destroyed}`));
  return events;
}

describe('when the Response resolves', () => {
  it.each([
    ['writeHead', (res: ServerResponse) => res.writeHead(201).flushHeaders()],
    [
      'flushHeaders',
      (res: ServerResponse) => {
        res.statusCode = 201;
        res.flushHeaders();
      },
    ],
    [
      'first write',
      (res: ServerResponse) => {
        res.statusCode = 201;
        res.write('a');
      },
    ],
  ])('resolves at %s, before the app ends the body', async (_name, sendHead) => {
    const ended = deferred();
    const app: Listener = (_req, res) => {
      sendHead(res);
      void ended.promise.then(() => res.end('z'));
    };
    const response = await callNodeApp(app, new Request('http://x/'));
    expect(response.status).toBe(201);
    ended.resolve();
    expect(await response.text()).toMatch(/z$/);
  });

  it('resolves at end() with the whole body, and sets content-length as Node would', async () => {
    const response = await callNodeApp((_req, res) => res.end('hello'), new Request('http://x/'));
    expect(response.headers.get('content-length')).toBe('5');
    expect(await response.text()).toBe('hello');
  });

  it('does not resolve before the head is sent', async () => {
    const running = deferred();
    const mayAnswer = deferred();
    const app: Listener = (_req, res) => {
      running.resolve();
      void mayAnswer.promise.then(() => res.end('late'));
    };
    let resolved = false;
    const pending = callNodeApp(app, new Request('http://x/')).then((r) => {
      resolved = true;
      return r;
    });
    await within(running.promise, 5000, 'the app running');
    // A window, not an event: what is tested is that the call does not resolve while no head is out.
    await orAfter(pending, 10, undefined);
    expect(resolved).toBe(false);
    mayAnswer.resolve();
    expect(await (await pending).text()).toBe('late');
  });
});

describe('streaming and backpressure', () => {
  it('delivers the first chunk before the app writes the second', async () => {
    const firstRead = deferred();
    const app: Listener = (_req, res) => {
      res.write('first');
      void firstRead.promise.then(() => res.end('second'));
    };
    const response = await callNodeApp(app, new Request('http://x/'));
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value!).toString()).toBe('first');
    firstRead.resolve();
    const second = await reader.read();
    expect(Buffer.from(second.value!).toString()).toBe('second');
    expect((await reader.read()).done).toBe(true);
  });

  it('write() returns false once highWaterMark bytes wait, and drain fires when the reader reads', async () => {
    const chunk = Buffer.alloc(16 * 1024, 1);
    let written = 0;
    const sawFalse = deferred();
    const drained = deferred();
    const app: Listener = (_req, res) => {
      while (res.write(chunk)) written += chunk.length;
      written += chunk.length;
      expect(res.writableNeedDrain).toBe(true);
      res.once('drain', () => drained.resolve());
      sawFalse.resolve();
    };
    const response = await callNodeApp(app, new Request('http://x/'), { highWaterMark: 64 * 1024 });
    await within(sawFalse.promise, 5000, 'write() returning false');
    await tick(); // what the write queued runs before the count is checked
    // Nothing was read: the app was stopped at the high-water mark, not allowed to queue more.
    expect(written).toBe(64 * 1024);
    const reader = response.body!.getReader();
    for (let got = 0; got < written; ) got += (await reader.read()).value!.byteLength;
    await drained.promise;
    await reader.cancel();
  });

  it('streams 256 MiB through a slow reader with memory bounded by backpressure', async () => {
    const total = 256 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 7);
    let maxAhead = 0;
    let read = 0;
    let written = 0;
    const app: Listener = (_req, res) => {
      const pump = (): void => {
        while (written < total) {
          written += chunk.length;
          maxAhead = Math.max(maxAhead, written - read);
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    };
    const before = process.memoryUsage().rss;
    const response = await callNodeApp(app, new Request('http://x/'));
    const reader = response.body!.getReader();
    let peakRss = before;
    for (let n = 0; ; n++) {
      const { value, done } = await reader.read();
      if (done) break;
      read += value.byteLength;
      if (n % 256 === 0) {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        await tick(); // a slow reader
      }
    }
    expect(read).toBe(total);
    // The app never ran further ahead of the reader than the high-water mark plus one chunk.
    expect(maxAhead).toBeLessThanOrEqual(64 * 1024 + 2 * chunk.length);
    expect(peakRss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('emits finish then close, once each, after the reader has taken everything', async () => {
    const done = deferred<string[]>();
    const app: Listener = (req, res) => {
      const events = recordEvents(req, res);
      res.write('a');
      res.end('b');
      res.on('close', () => setImmediate(() => done.resolve(events)));
    };
    const response = await callNodeApp(app, new Request('http://x/'));
    expect(await response.text()).toBe('ab');
    const events = await done.promise;
    expect(events.filter((e) => e.startsWith('res:'))).toEqual(['res:finish', 'res:close:true']);
    expect(events.filter((e) => e === 'req:close')).toHaveLength(1);
  });

  it('does not emit finish while data still waits for the reader', async () => {
    let finished = false;
    const finish = deferred();
    const mayEnd = deferred();
    const app: Listener = (_req, res) => {
      res.on('finish', () => {
        finished = true;
        finish.resolve();
      });
      res.write(Buffer.alloc(1024));
      void mayEnd.promise.then(() => res.end(Buffer.alloc(1024)));
    };
    const response = await callNodeApp(app, new Request('http://x/'));
    mayEnd.resolve();
    // A window after end(), not an event: what is tested is that 'finish' does not come while the
    // reader has not taken the data.
    await orAfter(finish.promise, 10, undefined);
    expect(finished).toBe(false);
    await response.arrayBuffer();
    await tick();
    expect(finished).toBe(true);
  });

  it('streams the request body on demand and sets req.complete at its end', async () => {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        if (pulls > 3) controller.close();
        else controller.enqueue(new TextEncoder().encode(`part${pulls};`));
      },
    });
    const seen = deferred<{ text: string; complete: boolean; pullsBeforeRead: number }>();
    const app: Listener = (req, res) => {
      const pullsBeforeRead = pulls;
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (d: string) => (text += d));
      req.on('end', () => {
        seen.resolve({ text, complete: req.complete, pullsBeforeRead });
        res.end('ok');
      });
    };
    const response = await callNodeApp(app, new Request('http://x/', { method: 'POST', body, duplex: 'half' } as RequestInit));
    expect(await response.text()).toBe('ok');
    const result = await seen.promise;
    expect(result.text).toBe('part1;part2;part3;');
    expect(result.complete).toBe(true);
    // Nothing was pulled from the host until the app started reading.
    expect(result.pullsBeforeRead).toBeLessThanOrEqual(1);
  });
});

describe('the client goes away', () => {
  it('before the head: the app sees aborted/close, the call rejects with the abort reason', async () => {
    const controller = new AbortController();
    const seen = deferred<string[]>();
    const running = deferred();
    let writeThrew = false;
    const app: Listener = (req, res) => {
      running.resolve();
      const events = recordEvents(req, res);
      res.on('close', () =>
        setImmediate(() => {
          try {
            res.write('too late');
            res.end();
          } catch {
            writeThrew = true;
          }
          seen.resolve(events);
        }),
      );
    };
    const pending = callNodeApp(app, new Request('http://x/', { signal: controller.signal }));
    await within(running.promise, 5000, 'the app running');
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    const events = await seen.promise;
    expect(events).toContain('req:aborted');
    expect(events).toContain('res:close:true');
    expect(events).toContain('req:close');
    expect(events).not.toContain('res:finish');
    expect(writeThrew).toBe(false);
  });

  it('mid-download via request.signal: the reader errors, the app sees close, later writes are ignored', async () => {
    const controller = new AbortController();
    const closed = deferred<{ destroyed: boolean; writeResult: boolean }>();
    const app: Listener = (_req, res) => {
      res.write('a');
      res.on('close', () => closed.resolve({ destroyed: res.destroyed, writeResult: res.write('b') }));
    };
    const response = await callNodeApp(app, new Request('http://x/', { signal: controller.signal }));
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
    expect(await closed.promise).toEqual({ destroyed: true, writeResult: false });
  });

  it('mid-download via body cancel: the app sees close and stops being asked for data', async () => {
    const closed = deferred<string[]>();
    const app: Listener = (req, res) => {
      const events = recordEvents(req, res);
      const timer = setInterval(() => res.write('tick\n'), 1);
      res.on('close', () => {
        clearInterval(timer);
        setImmediate(() => closed.resolve(events));
      });
    };
    const response = await callNodeApp(app, new Request('http://x/'));
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    const events = await closed.promise;
    expect(events).toContain('res:close:true');
    expect(events).not.toContain('res:finish');
  });

  it('mid-upload: the app sees aborted and an ECONNRESET error on req', async () => {
    let bodyController!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        bodyController = c;
      },
    });
    const controller = new AbortController();
    const seen = deferred<string[]>();
    const uploading = deferred();
    const app: Listener = (req, res) => {
      const events = recordEvents(req, res);
      req.once('data', () => uploading.resolve());
      req.resume();
      req.on('close', () => setImmediate(() => seen.resolve(events)));
    };
    const pending = callNodeApp(
      app,
      new Request('http://x/', { method: 'PUT', body, duplex: 'half', signal: controller.signal } as RequestInit),
    );
    bodyController.enqueue(new Uint8Array(100));
    await within(uploading.promise, 5000, 'the first bytes of the upload reaching the app');
    controller.abort();
    bodyController.error(new Error('client went away'));
    await expect(pending).rejects.toBeDefined();
    const events = await seen.promise;
    expect(events).toContain('req:aborted');
    expect(events).toContain('req:error:ECONNRESET');
    expect(events).toContain('res:close:true');
  });

  it('rejects at once for a signal that is already aborted, without running the app', async () => {
    const app = vi.fn();
    await expect(callNodeApp(app, new Request('http://x/', { signal: AbortSignal.abort() }))).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(app).not.toHaveBeenCalled();
  });
});

describe('the app fails', () => {
  it('a synchronous throw before the head gives a bare 500 that leaks nothing', async () => {
    const onError = vi.fn();
    const response = await callNodeApp(
      () => {
        throw new Error('secret database password');
      },
      new Request('http://x/'),
      { onError },
    );
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toMatch(/secret|at /);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'secret database password' }), {
      where: 'app',
      request: expect.any(Request),
      headersSent: false,
    });
  });

  it('an async rejection before the head gives a 500', async () => {
    const response = await callNodeApp(async () => Promise.reject(new Error('boom')), new Request('http://x/'), quiet);
    expect(response.status).toBe(500);
  });

  it('onError may answer instead, or rethrow to the host', async () => {
    const app = (): never => {
      throw new Error('boom');
    };
    const replaced = await callNodeApp(app, new Request('http://x/'), { onError: () => new Response('sorry', { status: 503 }) });
    expect(replaced.status).toBe(503);
    await expect(
      callNodeApp(app, new Request('http://x/'), {
        onError: (e) => {
          throw e;
        },
      }),
    ).rejects.toThrow('boom');
  });

  it('a failure after the head truncates the body: the reader sees an error, not a clean end', async () => {
    const headSeen = deferred();
    const app: Listener = async (_req, res) => {
      res.write('partial');
      await headSeen.promise;
      throw new Error('late');
    };
    const response = await callNodeApp(app, new Request('http://x/'), quiet);
    expect(response.status).toBe(200);
    headSeen.resolve();
    await expect(response.text()).rejects.toThrow();
  });

  it("'error' emitted on res before the head gives a 500 and does not crash", async () => {
    const response = await callNodeApp((_req, res) => res.emit('error', new Error('x')), new Request('http://x/'), quiet);
    expect(response.status).toBe(500);
  });

  it('writing after end is reported, not thrown into the host', async () => {
    const reported = deferred();
    const onError = vi.fn(() => reported.resolve());
    const response = await callNodeApp(
      (_req, res) => {
        res.end('done');
        res.write('more');
      },
      new Request('http://x/'),
      { onError },
    );
    expect(await response.text()).toBe('done');
    await within(reported.promise, 5000, 'onError');
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'ERR_STREAM_WRITE_AFTER_END' }),
      expect.objectContaining({ where: 'app', request: expect.any(Request) }),
    );
  });

  it('a status a Response cannot carry (700) becomes a clear 502', async () => {
    const response = await callNodeApp((_req, res) => res.writeHead(700).end('x'), new Request('http://x/'), quiet);
    expect(response.status).toBe(502);
    expect(await response.text()).toMatch(/700/);
  });

  it('an invalid header name or a CR/LF value is refused by Node and never sent', async () => {
    const response = await callNodeApp((_req, res) => {
      try {
        res.setHeader('x-evil', 'a\r\nSet-Cookie: stolen=1');
      } catch {
        res.setHeader('x-rejected', 'value');
      }
      try {
        res.setHeader('bad name', 'v');
      } catch {
        res.setHeader('x-rejected-name', 'yes');
      }
      res.end();
    }, new Request('http://x/'));
    expect(response.headers.get('x-evil')).toBeNull();
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(response.headers.get('x-rejected')).toBe('value');
    expect(response.headers.get('x-rejected-name')).toBe('yes');
  });

  it('an app that never answers gets a 504 after the timeout, and sees its connection close', async () => {
    const closed = deferred<boolean>();
    const app: Listener = (_req, res) => {
      res.on('close', () => closed.resolve(res.destroyed));
    };
    const response = await callNodeApp(app, new Request('http://x/'), { timeout: 30 });
    expect(response.status).toBe(504);
    expect(await closed.promise).toBe(true);
  });

  it('an app that answers twice keeps its first answer', async () => {
    const response = await callNodeApp(
      (_req, res) => {
        res.end('one');
        try {
          res.writeHead(500);
        } catch {
          // ERR_HTTP_HEADERS_SENT, as on a real server
        }
        res.end('two');
      },
      new Request('http://x/'),
      quiet,
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('one');
  });

  it('an app that destroys its socket before answering gives a 502', async () => {
    const response = await callNodeApp((req) => req.socket.destroy(), new Request('http://x/'));
    expect(response.status).toBe(502);
  });

  it('an app that destroys the response mid-body truncates it', async () => {
    const headSeen = deferred();
    const app: Listener = (_req, res) => {
      res.write('a');
      void headSeen.promise.then(() => res.destroy(new Error('gave up')));
    };
    const response = await callNodeApp(app, new Request('http://x/'));
    headSeen.resolve();
    await expect(response.text()).rejects.toThrow();
  });
});

describe('what the host gets', () => {
  it('HEAD, 204, 205 and 304 responses have no body', async () => {
    const app: Listener = (req, res) => {
      const status = Number(req.url!.slice(1)) || 200;
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 200 ? 'body' : undefined);
    };
    const head = await callNodeApp(app, new Request('http://x/200', { method: 'HEAD' }));
    expect(head.body).toBeNull();
    for (const status of [204, 205, 304]) {
      const response = await callNodeApp(app, new Request(`http://x/${status}`));
      expect(response.status).toBe(status);
      expect(response.body).toBeNull();
    }
  });

  it('rejects a wrong mount before the app runs', async () => {
    const app = vi.fn();
    await expect(callNodeApp(app, new Request('http://x/other/a'), { mountPath: '/tools' })).rejects.toBeInstanceOf(MountMismatchError);
    expect(app).not.toHaveBeenCalled();
  });

  it('leaves no listener on the host signal after a call', async () => {
    const request = new Request('http://x/', { signal: new AbortController().signal });
    const added = vi.spyOn(request.signal, 'addEventListener');
    const removed = vi.spyOn(request.signal, 'removeEventListener');
    const response = await callNodeApp((_req, res) => void setTimeout(() => res.end('x'), 1), request);
    await response.text();
    await tick();
    expect(added).toHaveBeenCalledTimes(1);
    expect(removed).toHaveBeenCalledWith('abort', added.mock.calls[0]![1]);
  });

  it('does not even listen to the signal when the app answers synchronously', async () => {
    const request = new Request('http://x/', { signal: new AbortController().signal });
    const added = vi.spyOn(request.signal, 'addEventListener');
    await (await callNodeApp((_req, res) => res.end('x'), request)).text();
    expect(added).not.toHaveBeenCalled();
  });
});

describe('timeouts the app sets itself', () => {
  it("res.setTimeout fires 'timeout' on res, and the app can answer from it", async () => {
    const app: Listener = (_req, res) => {
      res.setTimeout(20, () => res.writeHead(503).end('too slow'));
    };
    const response = await callNodeApp(app, new Request('http://x/'));
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('too slow');
  });

  it('a socket timeout nobody listens to closes the connection, as on a real server', async () => {
    const closed = deferred<boolean>();
    const app: Listener = (req, res) => {
      req.socket.setTimeout(20);
      res.on('close', () => closed.resolve(res.destroyed));
    };
    const response = await callNodeApp(app, new Request('http://x/'));
    expect(response.status).toBe(502);
    expect(await closed.promise).toBe(true);
  });
});

describe('options', () => {
  it.each([
    [{ identityHeader: 'x remote user' }],
    [{ identityHeader: 'x-user\r\n' }],
    [{ timeout: -1 }],
    [{ timeout: Number.NaN }],
    [{ highWaterMark: 0 }],
    [{ url: '/relative' }],
    [{ url: 'ftp://x/' }],
    [{ requestHeaders: { 'Accept-Encoding': 'identity' } }],
    [{ requestHeaders: { 'x ok': '1' } }],
    [{ requestHeaders: { 'x-ok': 'a\r\nx-forged: 1' } }],
    [{ requestHeaders: { 'x-remote-user': 'mallory' } }],
    [{ requestHeaders: { 'x-user': 'mallory' }, identityHeader: 'X-User' }],
  ])('rejects %j with InvalidOptionError before the app runs', async (options) => {
    const app = vi.fn();
    await expect(callNodeApp(app, new Request('http://x/'), options)).rejects.toBeInstanceOf(InvalidOptionError);
    expect(app).not.toHaveBeenCalled();
  });

  it('url: the app sees that URL (prefix split on its path), not request.url, and still reads the streamed body', async () => {
    const seen = deferred<{ url: string; baseUrl: string; originalUrl: string; host: string | undefined; body: string }>();
    const app: Listener = (req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const r = req as IncomingMessage & { baseUrl: string; originalUrl: string };
        seen.resolve({ url: r.url!, baseUrl: r.baseUrl, originalUrl: r.originalUrl, host: r.headers.host, body });
        res.end('ok');
      });
    };
    const request = new Request('http://host.test:3000/tools/a%2Fb?q=1', { method: 'POST', body: 'payload' });
    const response = await callNodeApp(app, request, { url: 'http://host.test:3000/docs/tools/a%2Fb?q=1', mountPath: '/docs/tools' });
    expect(await response.text()).toBe('ok');
    expect(await within(seen.promise, 5000, 'the app to read the body')).toEqual({
      url: '/a%2Fb?q=1',
      baseUrl: '/docs/tools',
      originalUrl: '/docs/tools/a%2Fb?q=1',
      host: 'host.test:3000',
      body: 'payload',
    });
  });

  it("requestHeaders: replace the client's field (one line), add missing ones, leave the host's Request as it was", async () => {
    const app: Listener = (req, res) => res.end(JSON.stringify({ headers: req.headers, raw: req.rawHeaders }));
    const request = new Request('http://host.test/x', { headers: { 'accept-encoding': 'gzip, br', 'x-kept': 'yes' } });
    const response = await callNodeApp(app, request, { requestHeaders: { 'accept-encoding': 'identity', 'x-added': '1' } });
    const seen = await response.json();
    expect(seen.headers).toMatchObject({ 'accept-encoding': 'identity', 'x-kept': 'yes', 'x-added': '1' });
    expect(seen.raw.filter((name: string) => name === 'accept-encoding')).toEqual(['accept-encoding']);
    expect(request.headers.get('accept-encoding')).toBe('gzip, br');
  });
});
