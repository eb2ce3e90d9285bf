/**
 * Item: a download the client does not read must not be read from disk into the server's memory.
 * Clients sign in and ask for a large attachment of the notes app (mounted at /tools/notes), then
 * stop reading; the server process may pull from disk only about what the sockets hold, not the
 * whole file once per client (remix-serve did: +1 GiB RSS for 30 clients of a 45 MiB file).
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DemoProcess, procSum, signIn, startDemo } from './demo';

const MiB = 1024 * 1024;
const FILE_SIZE = 40 * MiB;
const CLIENTS = 8;

/** A field of a `min default max` kernel setting, or `fallback` where there is none. */
function tcpSetting(name: 'tcp_wmem' | 'tcp_rmem', field: 0 | 1 | 2, fallback: number): number {
  try {
    return Number(readFileSync(`/proc/sys/net/ipv4/${name}`, 'utf8').trim().split(/\s+/)[field]) || fallback;
  } catch {
    return fallback;
  }
}

// What may legitimately leave the file per client: the server socket's send buffer (it grows up to
// tcp_wmem's max, 4 MiB by default), the client socket's receive buffer before it stops reading
// (tcp_rmem's default; it only grows as the application reads), and 2 MiB for the stream buffers
// of the process (64 KiB chunks) and slack.
const ALLOWED_PER_CLIENT = tcpSetting('tcp_wmem', 2, 4 * MiB) + tcpSetting('tcp_rmem', 1, 128 * 1024) + 2 * MiB;
// Memory the process may grow by, whatever the kernel holds: buffers and a few collections' slack.
const ALLOWED_RSS_GROWTH = 64 * MiB;

let demo: DemoProcess;
let cookie: string;
let attachmentPath: string;

beforeAll(async () => {
  demo = await startDemo({ SESSION_SECRET: 'remix-demo-test-secret' });
  cookie = await signIn(demo.url);
  const form = new FormData();
  form.set('title', 'large attachment');
  form.set('file', new Blob([new Uint8Array(FILE_SIZE).fill(0x61)]), 'large.bin');
  const created = await fetch(`${demo.url}/tools/notes/notes`, { method: 'POST', body: form, headers: { cookie }, redirect: 'manual' });
  await created.arrayBuffer();
  expect(created.status).toBe(303);
  const notePage = await (await fetch(new URL(created.headers.get('location')!, demo.url), { headers: { cookie } })).text();
  attachmentPath = /href="(\/tools\/notes\/notes\/[^"]+\/attachments\/[^"]+)"/.exec(notePage)![1]!;
});

afterAll(async () => {
  await demo?.stop();
});

/** Asks for the attachment on a raw socket and stops reading once the response has started. */
function stalledDownload(): Promise<{ socket: Socket; head: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(demo.port, '127.0.0.1');
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.write(`GET ${attachmentPath} HTTP/1.1\r\nHost: 127.0.0.1:${demo.port}\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`);
    });
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      resolve({ socket, head: chunk.subarray(0, 64).toString('latin1') });
    });
  });
}

/**
 * rchar of the server processes once it stopped growing (the same in 5 samples 200 ms apart) or
 * passed `limit`; past `ms`, the last sample. A window, not an event: what is tested is that the
 * server reads no more while the clients do not read, and another process's reads can only be
 * sampled from /proc.
 */
async function settledReadBytes(baseline: number, limit: number, ms: number): Promise<number> {
  let read = -1;
  let stable = 0;
  const settled = (): void => {
    const now = procSum(demo.pids(), 'io', 'rchar') - baseline;
    stable = now === read ? stable + 1 : 0;
    read = now;
    // Already too much: no need to wait for the rest.
    if (now <= limit && stable < 4) throw new Error(`the server is still reading (${now} bytes)`);
  };
  await vi.waitFor(settled, { timeout: ms, interval: 200 }).catch(() => {});
  return read;
}

describe('downloads that the client does not read', () => {
  it('are read from disk only as fast as the clients take them', async () => {
    // Otherwise the test could not tell a server that keeps backpressure from one that does not.
    expect(ALLOWED_PER_CLIENT, 'socket buffers on this machine are too large for this test').toBeLessThan(FILE_SIZE / 4);
    const rssBefore = procSum(demo.pids(), 'status', 'VmRSS');
    const readBefore = procSum(demo.pids(), 'io', 'rchar');
    const downloads = await Promise.all(Array.from({ length: CLIENTS }, stalledDownload));
    try {
      for (const { head } of downloads) expect(head).toMatch(/^HTTP\/1\.1 200 /);
      const limit = CLIENTS * ALLOWED_PER_CLIENT;
      const read = await settledReadBytes(readBefore, limit, 20_000);
      const rssGrowth = (procSum(demo.pids(), 'status', 'VmRSS') - rssBefore) / 1024;
      const summary =
        `${CLIENTS} stalled downloads of ${FILE_SIZE / MiB} MiB: the server read ${(read / MiB).toFixed(1)} MiB ` +
        `(of ${(CLIENTS * FILE_SIZE) / MiB} MiB), RSS +${rssGrowth.toFixed(1)} MiB`;
      expect(read, summary).toBeLessThan(limit);
      expect(rssGrowth, summary).toBeLessThan(ALLOWED_RSS_GROWTH / MiB);
    } finally {
      for (const { socket } of downloads) socket.destroy();
    }
  });
});
