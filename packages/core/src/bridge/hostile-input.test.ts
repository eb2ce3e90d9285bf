/**
 * Hostile input through the core call: path tricks cannot move the mount, oversized heads and
 * dribbled bodies neither crash nor hang the host.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { MountMismatchError } from '../shared/errors.js';
import { deferred, orAfter, tick, within } from '../test-support/deferred.js';
import { callNodeApp } from './call-node-app.js';

interface Seen {
  url: string;
  baseUrl: string;
  originalUrl: string;
}

const echo = (req: IncomingMessage, res: ServerResponse): void => {
  const r = req as IncomingMessage & { baseUrl: string; originalUrl: string };
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ url: r.url ?? '', baseUrl: r.baseUrl, originalUrl: r.originalUrl } satisfies Seen));
};

describe('path attacks cannot escape the mount', () => {
  const attacks = [
    '/tools/%2e%2e/admin',
    '/tools/%2E%2E/%2e%2e/admin',
    '/tools/..%2fadmin',
    '/tools/..%2Fadmin',
    '/tools/%2fadmin',
    '/tools/a/%2e%2e%2f%2e%2e%2fadmin',
    '/tools/%00',
    '/tools/a%00/../b',
    '/tools/..\\admin',
    '/tools\\..\\admin',
    '/tools/./../admin',
    '/tools//..//admin',
    '/tools/%5c..%5cadmin',
    `/tools/${'a/'.repeat(20_000)}`,
  ];

  it.each(attacks)('%s', async (path) => {
    const request = new Request(`http://host${path}`);
    let seen: Seen | undefined;
    try {
      const response = await callNodeApp(echo, request, { mountPath: '/tools' });
      seen = (await response.json()) as Seen;
    } catch (error) {
      // The URL normalised out of the mount (e.g. `..` segments): the host must not route it here.
      expect(error).toBeInstanceOf(MountMismatchError);
      expect(new URL(request.url).pathname.startsWith('/tools/')).toBe(false);
      return;
    }
    expect(seen.baseUrl).toBe('/tools');
    expect(seen.originalUrl.startsWith('/tools/')).toBe(true);
    expect(seen.originalUrl).toBe(seen.baseUrl + seen.url);
    // The app gets the tail exactly as the URL carries it: encoded dots and slashes stay encoded.
    expect(seen.url).toBe(new URL(request.url).pathname.slice('/tools'.length));
  });

  it('a pathInfo from the request cannot claim a different prefix', async () => {
    await expect(callNodeApp(echo, new Request('http://host/tools/x'), { pathInfo: '/../admin' })).rejects.toBeInstanceOf(
      MountMismatchError,
    );
  });
});

describe('limits and slow clients', () => {
  it('passes very many and very large headers through without crashing', async () => {
    const headers = new Headers();
    for (let i = 0; i < 2_000; i++) headers.append(`x-h${i}`, `v${i}`);
    headers.set('x-big', 'b'.repeat(256 * 1024));
    const app = (req: IncomingMessage, res: ServerResponse): void => {
      res.end(`${req.rawHeaders.length / 2} ${String(req.headers['x-big']).length}`);
    };
    const response = await callNodeApp(app, new Request('http://host/', { headers }));
    expect(await response.text()).toBe(`${2_000 + 2} ${256 * 1024}`);
  });

  it('a body dribbled one byte at a time arrives whole', async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(c) {
        await tick();
        if (sent === 200) c.close();
        else c.enqueue(new Uint8Array([sent++ % 256]));
      },
    });
    const app = (req: IncomingMessage, res: ServerResponse): void => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => res.end(String(Buffer.concat(chunks).length)));
    };
    const response = await callNodeApp(app, new Request('http://host/', { method: 'POST', body, duplex: 'half' } as RequestInit));
    expect(await response.text()).toBe('200');
  });

  it('a body dribbled forever hits the timeout: 504, and the body is no longer pulled', async () => {
    let pulls = 0;
    let pulled = (): void => {};
    let cancelled = false;
    const cancel = deferred();
    const body = new ReadableStream<Uint8Array>({
      async pull(c) {
        pulls++;
        pulled();
        await tick();
        c.enqueue(new Uint8Array([1]));
      },
      cancel() {
        cancelled = true;
        cancel.resolve();
      },
    });
    const app = (req: IncomingMessage, res: ServerResponse): void => {
      req.resume();
      req.on('end', () => res.end('never'));
    };
    const response = await callNodeApp(app, new Request('http://host/', { method: 'POST', body, duplex: 'half' } as RequestInit), {
      timeout: 100,
    });
    expect(response.status).toBe(504);
    await within(cancel.promise, 5000, 'the body being cancelled');
    const pullsAfter = pulls;
    // A window, not an event: what is tested is that no pull comes after the cancel.
    const pulledAgain = deferred();
    pulled = () => pulledAgain.resolve();
    await orAfter(pulledAgain.promise, 50, undefined);
    expect(cancelled).toBe(true);
    expect(pulls).toBe(pullsAfter);
  });
});
