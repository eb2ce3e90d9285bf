/**
 * Request framing through `proxy()` over real sockets: a body the upstream may not read never
 * reaches a pooled upstream connection, no connection is reused after a framing doubt, and an
 * upstream's early answer reaches the client.
 */
import { Agent, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { callNodeApp } from '../../bridge/call-node-app.js';
import { createMountServer } from '../../front-door/mount-server.js';
import { listen, sendFetchResponse, serveThroughGraft } from '../../test-support/graft-http-server.js';
import { connectTo, startServer } from '../../test-support/http-server.js';
import { type NaiveAnswer, type NaiveRequest, type NaiveUpstream, startNaiveUpstream } from '../../test-support/proxy-naive-upstream.js';
import { rawRequest, readAll } from '../../test-support/raw-http.js';
import { type ProxyOptions, proxy } from './proxy.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The request an attacker hides in a body, claiming to be `admin`. */
const SMUGGLED = 'GET /admin/delete-all HTTP/1.1\r\nHost: upstream\r\nX-Remote-User: admin\r\n\r\n';

const forged = (up: NaiveUpstream): NaiveRequest[] =>
  up.requests.filter((r) => r.path.startsWith('/admin') || r.headers['x-remote-user'] === 'admin');

interface Setup {
  up: NaiveUpstream;
  agent: Agent;
  front: { origin: string; port: number };
  logs: string[];
}

/**
 * A naive upstream behind `proxy()` behind `createMountServer` on a raw Node server (the setup of
 * the report: an anonymous client, the identity delivered in `X-Remote-User`), with a keep-alive
 * agent of its own so the test can end its pooled connections.
 */
async function setup(answer?: (request: NaiveRequest) => NaiveAnswer, options: ProxyOptions = {}): Promise<Setup> {
  const up = await startNaiveUpstream(answer);
  cleanups.push(() => up.close());
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  cleanups.push(() => agent.destroy());
  const logs: string[] = [];
  const gateway = proxy(up.origin, { identityHeader: 'x-remote-user', agent, logger: (m) => logs.push(m), ...options });
  const front = await startServer(createMountServer({ mounts: { '/': gateway }, identity: () => null }));
  cleanups.push(() => front.close());
  return { up, agent, front, logs };
}

/** Reads one response (head, and Content-Length body unless `bodyless`) from a raw socket, within `ms`. */
function readResponse(socket: Socket, ms = 5000, bodyless = false): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    let data = Buffer.alloc(0);
    const done = (error?: Error): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      if (error) reject(error);
    };
    const onData = (chunk: Buffer): void => {
      data = Buffer.concat([data, chunk]);
      const end = data.indexOf('\r\n\r\n');
      if (end === -1) return;
      const head = data.subarray(0, end).toString('latin1');
      const length = bodyless ? 0 : Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (data.length < end + 4 + length) return;
      done();
      const body = data.subarray(end + 4, end + 4 + length).toString('latin1');
      socket.unshift(data.subarray(end + 4 + length));
      resolve({ status: Number(head.slice(9, 12)), head, body });
    };
    const onClose = (): void => done(new Error(`connection closed; received ${JSON.stringify(data.toString('latin1'))}`));
    const timer = setTimeout(() => done(new Error('no response in time')), ms);
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

/** A normal request after the attack, which reuses the pooled upstream connection if there is one. */
async function followUp(front: { origin: string }): Promise<number> {
  const res = await rawRequest(front.origin, '/after');
  await readAll(res);
  return res.statusCode ?? 0;
}

/** Ends the proxy's pooled connections and waits until the upstream has seen every one close. */
async function drain({ up, agent }: Setup): Promise<void> {
  agent.destroy();
  await up.until(() => up.closed() === up.accepted());
}

describe('proxy: a body on a method without defined body semantics', () => {
  for (const method of ['GET', 'HEAD']) {
    it(`refuses ${method} with a body (400) so a smuggled request never reaches the upstream`, async () => {
      const s = await setup();
      for (let attempt = 0; attempt < 4; attempt++) {
        const socket = await connectTo(s.front.port);
        cleanups.push(() => socket.destroy());
        socket.write(`${method} /x HTTP/1.1\r\nHost: front\r\nContent-Length: ${SMUGGLED.length}\r\n\r\n${SMUGGLED}`);
        const response = await readResponse(socket, 5000, method === 'HEAD');
        expect(response.status).toBe(400);
        expect(await followUp(s.front)).toBe(200);
      }
      await drain(s);
      expect(forged(s.up)).toEqual([]);
      expect(s.up.requests.filter((r) => r.path === '/x')).toEqual([]);
    });
  }

  it('refuses a chunked GET too, and still forwards a GET with Content-Length: 0', async () => {
    const s = await setup();
    const socket = await connectTo(s.front.port);
    cleanups.push(() => socket.destroy());
    socket.write(
      `GET /x HTTP/1.1\r\nHost: front\r\nTransfer-Encoding: chunked\r\n\r\n${SMUGGLED.length.toString(16)}\r\n${SMUGGLED}\r\n0\r\n\r\n`,
    );
    expect((await readResponse(socket)).status).toBe(400);
    const empty = await connectTo(s.front.port);
    cleanups.push(() => empty.destroy());
    empty.write('GET /empty HTTP/1.1\r\nHost: front\r\nContent-Length: 0\r\n\r\n');
    expect(await readResponse(empty)).toMatchObject({ status: 200, body: 'GET /empty' });
    await drain(s);
    expect(forged(s.up)).toEqual([]);
  });

  it('forwards a DELETE body only with Connection: close, on a connection never reused', async () => {
    // This upstream ignores DELETE bodies, as it ignores GET ones.
    const s = await setup();
    for (let attempt = 0; attempt < 4; attempt++) {
      const socket = await connectTo(s.front.port);
      cleanups.push(() => socket.destroy());
      socket.write(`DELETE /item HTTP/1.1\r\nHost: front\r\nContent-Length: ${SMUGGLED.length}\r\n\r\n${SMUGGLED}`);
      expect(await readResponse(socket)).toMatchObject({ status: 200, body: 'DELETE /item' });
      expect(await followUp(s.front)).toBe(200);
    }
    await drain(s);
    expect(forged(s.up)).toEqual([]);
    const deletes = s.up.requests.filter((r) => r.method === 'DELETE');
    expect(deletes).toHaveLength(4);
    for (const d of deletes) {
      expect(d.headers.connection).toBe('close');
      // It may go out on a pooled connection, but nothing follows it there.
      const after = s.up.requests.slice(s.up.requests.indexOf(d) + 1);
      expect(after.filter((r) => r.connection === d.connection)).toEqual([]);
    }
  });
});

describe('proxy: no upstream connection is reused after a framing doubt', () => {
  it('closes the upstream connection after an answer that came before the body was sent', async () => {
    // The upstream answers POST /early at once without reading its body (an auth check in a
    // naive app); the client sends the body only after it has the answer.
    const s = await setup((r) => (r.path === '/early' ? { status: 401, body: 'login first', readBody: false } : {}));
    const socket = await connectTo(s.front.port);
    cleanups.push(() => socket.destroy());
    socket.write(`POST /early HTTP/1.1\r\nHost: front\r\nContent-Length: ${SMUGGLED.length}\r\n\r\n`);
    expect(await readResponse(socket)).toMatchObject({ status: 401, body: 'login first' });
    socket.write(SMUGGLED);
    expect(await followUp(s.front)).toBe(200);
    await drain(s);
    expect(forged(s.up)).toEqual([]);
    const early = s.up.requests.find((r) => r.path === '/early')!;
    const after = s.up.requests.find((r) => r.path === '/after')!;
    expect(after.connection).not.toBe(early.connection);
  });

  it('closes the upstream connection when the client aborts its upload', async () => {
    const s = await setup();
    const socket = await connectTo(s.front.port);
    socket.write(`POST /upload HTTP/1.1\r\nHost: front\r\nContent-Length: 100\r\n\r\n${'x'.repeat(40)}`);
    await s.up.until(() => s.up.requests.some((r) => r.path === '/upload'));
    socket.destroy();
    // The upstream's connection ends: it is not kept waiting for 60 more bytes, nor reused.
    await s.up.until(() => s.up.closed() === 1);
    const res = await rawRequest(s.front.origin, '/next', { method: 'POST', body: 'hello' });
    expect((await readAll(res)).toString()).toBe('POST /next');
    await drain(s);
    expect(s.up.requests.map((r) => [r.path, r.connection])).toEqual([
      ['/upload', 1],
      ['/next', 2],
    ]);
  });

  it('never forwards more bytes than Content-Length says (a host Request that lies about its length)', async () => {
    const up = await startNaiveUpstream();
    cleanups.push(() => up.close());
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(() => agent.destroy());
    const logs: string[] = [];
    const gateway = proxy(up.origin, { identityHeader: 'x-remote-user', agent, logger: (m) => logs.push(m) });
    // The host copies the client's Content-Length onto a Request whose body it changed.
    const host = await listen((req, res) => {
      void (async () => {
        const body = req.url === '/lie' ? `hello${SMUGGLED}` : 'hello';
        const request = new Request(`http://front${req.url}`, {
          method: 'POST',
          headers: { 'content-length': '5' },
          body,
        });
        await sendFetchResponse(await callNodeApp(gateway, request, { mountPath: '', identity: null }), res);
      })();
    });
    cleanups.push(() => host.close());
    const res = await rawRequest(host.origin, '/lie', { method: 'POST' });
    await readAll(res);
    expect(res.statusCode).toBe(502);
    const res2 = await rawRequest(host.origin, '/after', { method: 'POST' });
    expect((await readAll(res2)).toString()).toBe('POST /after');
    agent.destroy();
    await up.until(() => up.closed() === up.accepted());
    expect(forged(up)).toEqual([]);
    expect(logs.join('\n')).toMatch(/Content-Length/);
  });

  it('answers 502 promptly when the body was consumed before the proxy (a body parser in front)', async () => {
    const up = await startNaiveUpstream();
    cleanups.push(() => up.close());
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(() => agent.destroy());
    const logs: string[] = [];
    const gateway = proxy(up.origin, { agent, logger: (m) => logs.push(m), timeout: 10_000 });
    const front = await startServer((req: IncomingMessage, res) => {
      // A body parser read the stream first, as express.json() does in front of a proxy.
      req.resume();
      req.once('end', () => gateway(req, res));
    });
    cleanups.push(() => front.close());
    const started = Date.now();
    const res = await rawRequest(front.origin, '/parsed', { method: 'POST', body: 'x'.repeat(50) });
    await readAll(res);
    expect(res.statusCode).toBe(502);
    expect(Date.now() - started).toBeLessThan(5000); // Not the 10 s head timeout.
    expect(logs.join('\n')).toMatch(/already read/);
    agent.destroy();
    await up.until(() => up.closed() === up.accepted());
    expect(up.requests.filter((r) => r.path === '/parsed')).toEqual([]);
  });
});

describe('proxy: an upstream that refuses an upload early', () => {
  const refuse = (r: NaiveRequest): NaiveAnswer =>
    r.path === '/upload' ? { status: 413, body: 'too large', readBody: false, slam: true } : {};

  it('passes on a 413 sent before reading the upload and a slammed connection (served directly)', async () => {
    const s = await setup(refuse);
    for (let attempt = 0; attempt < 5; attempt++) {
      const res = await rawRequest(s.front.origin, '/upload', { method: 'POST', body: Buffer.alloc(8 * 1024 * 1024, 1) });
      expect(res.statusCode).toBe(413);
      expect((await readAll(res)).toString()).toBe('too large');
    }
    expect(s.logs.filter((m) => /EPIPE|ECONNRESET/.test(m))).toEqual([]);
  });

  it('passes on a 413 sent before reading the upload and a slammed connection (through Graft)', async () => {
    const up = await startNaiveUpstream(refuse);
    cleanups.push(() => up.close());
    const logs: string[] = [];
    const host = await serveThroughGraft(proxy(up.origin, { logger: (m) => logs.push(m) }), () => ({
      mountPath: '/app',
      identity: null,
    }));
    cleanups.push(() => host.close());
    for (let attempt = 0; attempt < 5; attempt++) {
      const res = await rawRequest(host.origin, '/app/upload', { method: 'POST', body: Buffer.alloc(8 * 1024 * 1024, 1) });
      expect(res.statusCode).toBe(413);
      expect((await readAll(res)).toString()).toBe('too large');
    }
    expect(logs.filter((m) => /EPIPE|ECONNRESET/.test(m))).toEqual([]);
  });
});
