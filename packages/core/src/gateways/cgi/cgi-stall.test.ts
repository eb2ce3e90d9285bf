/**
 * The limits of cgi() once the response head is out (issue 13, item 4): a client that stops
 * reading, or a program that stops writing, must not hold a concurrency slot for ever; and the
 * slots belong to one mount (one `cgi()`), answering 503 with Retry-After when they run out.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../shared/errors.js';
import { orAfter } from '../../test-support/deferred.js';
import { listen, serveThroughGraft, type TestServer } from '../../test-support/graft-http-server.js';
import { isAlive, reportedPids, waitUntilGone } from '../../test-support/processes.js';
import { readAll } from '../../test-support/raw-http.js';
import { type CgiOptions, cgi } from './cgi.js';

const MODES_SCRIPT = fileURLToPath(new URL('../../test-support/cgi/modes.pl', import.meta.url));

const servers: TestServer[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function track(server: Promise<TestServer>): Promise<TestServer> {
  const s = await server;
  servers.push(s);
  return s;
}

function perl(extra: Partial<CgiOptions>, logs: string[]): ReturnType<typeof cgi> {
  return cgi({ command: 'perl', args: [MODES_SCRIPT], logger: (m) => logs.push(m), ...extra });
}

/**
 * A client that sends a GET, reads until the first bytes of the response arrive (the head is out)
 * and then stops reading, with the connection left open — a stalled `git clone`.
 */
function stallingClient(server: TestServer, path: string): Promise<{ socket: Socket; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    sockets.push(socket);
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('error', reject);
    socket.once('data', () => {
      socket.pause();
      socket.off('error', reject);
      socket.on('error', () => {});
      resolve({ socket, closed });
    });
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  });
}

/** Resolves once the socket has closed, reading (and dropping) what is left; bounded. */
function drainUntilClosed(client: { socket: Socket; closed: Promise<void> }, limitMs = 10_000): Promise<boolean> {
  client.socket.resume();
  return orAfter(
    client.closed.then(() => true),
    limitMs,
    false,
  );
}

describe('cgi: stallTimeout after the response head', () => {
  it('stops programs whose clients stopped reading, frees their slots and serves the next client', async () => {
    const logs: string[] = [];
    const server = await track(listen(perl({ maxConcurrent: 2, maxQueue: 4, timeout: 5_000, stallTimeout: 300, killGrace: 200 }, logs)));
    // Far more than the socket and pipe buffers hold: each program ends up blocked on its stdout.
    const stalled = await Promise.all([stallingClient(server, '/huge?mib=256'), stallingClient(server, '/huge?mib=256')]);
    const pids = await reportedPids(logs, 2);
    expect(pids.every(isAlive)).toBe(true);

    // Both slots are held; this request waits in the queue until the watchdog frees one.
    const next = await fetch(`${server.origin}/status-no-reason`);
    expect(next.status).toBe(201);
    expect(await next.text()).toBe('created');

    for (const pid of pids) expect(await waitUntilGone(pid)).toBe(true);
    // The stalled responses were cut short, not left open.
    for (const client of stalled) expect(await drainUntilClosed(client)).toBe(true);
    expect(logs.join('\n')).toMatch(/no progress for 300 ms after the response head/);
  });

  it('stops a program that sends its head and then nothing (through Graft)', async () => {
    const logs: string[] = [];
    const server = await track(serveThroughGraft(perl({ stallTimeout: 300, killGrace: 200 }, logs), () => ({ mountPath: '/cgi' })));
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest(`${server.origin}/cgi/head-then-hang`, resolve);
      req.on('error', reject);
      req.end();
    });
    expect(response.statusCode).toBe(200);
    // The client keeps reading; the body is cut short once the program has been silent too long.
    await expect(readAll(response)).rejects.toThrow();
    const [pid] = await reportedPids(logs, 1);
    expect(await waitUntilGone(pid!)).toBe(true);
  });

  it('leaves a slow but steady stream alone', async () => {
    const logs: string[] = [];
    const server = await track(listen(perl({ stallTimeout: 300, killGrace: 200 }, logs)));
    // `stream` writes a line every 50 ms, for ever: 30 lines take well over the stall timeout.
    const lines = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.origin}/stream`, (res) => {
        let seen = 0;
        res.on('data', (chunk: Buffer) => {
          seen += chunk.toString().split('\n').length - 1;
          if (seen >= 30) {
            req.destroy();
            resolve(seen);
          }
        });
        res.on('aborted', () => reject(new Error('the stream was cut short')));
        res.on('error', () => {});
      });
      req.on('error', () => {});
      req.end();
    });
    expect(lines).toBeGreaterThanOrEqual(30);
    expect(logs.join('\n')).not.toMatch(/no progress/);
  });

  it('rejects an invalid stallTimeout with InvalidOptionError', () => {
    expect(() => cgi({ command: 'x', stallTimeout: -1 })).toThrow(InvalidOptionError);
    expect(() => cgi({ command: 'x', stallTimeout: Number.NaN })).toThrow(InvalidOptionError);
    expect(() => cgi({ command: 'x', stallTimeout: 0 })).not.toThrow();
  });
});

describe('cgi: the concurrency limit is per mount', () => {
  /** Holds a slot of `server`: a POST to `wait-stdin` whose body is not finished yet. */
  function holdSlot(server: TestServer) {
    const req = httpRequest(`${server.origin}/wait-stdin`, { method: 'POST' });
    const response = new Promise<IncomingMessage>((resolve, reject) => {
      req.on('response', resolve);
      req.on('error', reject);
    });
    req.write('held ');
    return { req, response };
  }

  it('a full mount does not slow another one down', async () => {
    const busy = await track(listen(perl({ maxConcurrent: 1, maxQueue: 0 }, [])));
    const other = await track(listen(perl({ maxConcurrent: 1, maxQueue: 0 }, [])));
    const held = holdSlot(busy);
    // The busy mount refuses once its one slot is taken…
    let refused: Response | undefined;
    for (let i = 0; i < 200 && !refused; i++) {
      const r = await fetch(`${busy.origin}/status-no-reason`);
      if (r.status === 503) refused = r;
      else await r.text();
    }
    expect(refused?.status).toBe(503);
    expect(refused?.headers.get('retry-after')).toBe('1');
    // …while the other mount, with a limit of its own, still answers at once.
    const answer = await fetch(`${other.origin}/status-no-reason`);
    expect(answer.status).toBe(201);
    held.req.end('done');
    expect((await readAll(await held.response)).toString()).toBe('read 9 bytes');
  });

  it('answers 503 with Retry-After when a request waited for a slot until the timeout', async () => {
    const server = await track(listen(perl({ maxConcurrent: 1, maxQueue: 1, timeout: 300 }, [])));
    // The one slot is held by a stream whose head is out (so `timeout` no longer applies to it).
    const held = httpRequest(`${server.origin}/stream`);
    held.on('error', () => {});
    const streaming = new Promise<IncomingMessage>((resolve) => held.once('response', resolve));
    held.end();
    (await streaming).resume();
    const queued = await fetch(`${server.origin}/status-no-reason`);
    expect(queued.status).toBe(503);
    expect(queued.headers.get('retry-after')).toBe('1');
    expect(await queued.text()).toMatch(/too many CGI requests waiting/);
    held.destroy();
  });
});
