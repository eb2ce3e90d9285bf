/**
 * The chat at `/chat` behind the real front door (`createFrontDoor`, the NextAuth session cookie
 * as the one sign-in), over a real server and real `ws` clients: who the socket says you are,
 * messages between two users, and the upgrades it refuses (anonymous, foreign origin, forged header).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createNotesApp } from '@graft/demo-notes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type ChatApp, type ChatEvent, createChatApp, MAX_MESSAGE_LENGTH } from './chat-app.js';
import { createFrontDoor } from './front-door.js';
import { ALICE_TOKEN, SECRET, sessionCookie } from './test-support.js';

const ORIGIN = 'http://site.test';
const WAIT_MS = 5000;

/** Resolves with `promise`, or rejects after {@link WAIT_MS}. */
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${WAIT_MS} ms`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A `ws` client that queues what the server sends, read one event at a time. */
class ChatClient {
  readonly ws: WebSocket;
  readonly opened: Promise<void>;
  private readonly queue: ChatEvent[] = [];
  private waiting: ((event: ChatEvent) => void) | undefined;

  constructor(url: string, headers: Record<string, string>) {
    this.ws = new WebSocket(url, { headers });
    this.ws.on('message', (data) => {
      const event = JSON.parse(String(data)) as ChatEvent;
      if (this.waiting) this.waiting(event);
      else this.queue.push(event);
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  next(): Promise<ChatEvent> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return within(
      new Promise<ChatEvent>((resolve) => {
        this.waiting = (event) => {
          this.waiting = undefined;
          resolve(event);
        };
      }),
      'chat event',
    );
  }

  closed(): Promise<number> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve(-1);
    return within(new Promise((resolve) => this.ws.once('close', (code) => resolve(code))), 'close');
  }
}

/** Opens an upgrade that must be refused: the status and body the server answered, and that it closed. */
async function refusedUpgrade(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const ws = new WebSocket(url, { headers });
  // Ending a handshake that never opened is reported as an error: expected here.
  ws.on('error', () => {});
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    ws.once('open', () => reject(new Error('the upgrade was accepted')));
    ws.once('unexpected-response', (_req, res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      // The server closes the connection after its answer: the body ends with it.
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
  });
  try {
    return await within(answer, 'refusal');
  } finally {
    ws.terminate();
  }
}

describe('the chat at /chat', () => {
  const notes = createNotesApp();
  const sockets = new Set<Socket>();
  let chat: ChatApp;
  let server: ReturnType<typeof createServer>;
  let base: string;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    alice = await sessionCookie(ALICE_TOKEN);
    bob = await sessionCookie({ name: 'Bob', email: 'bob@example.com', sub: 'bob' });
    chat = createChatApp({ origin: ORIGIN });
    const front = createFrontDoor({
      origin: ORIGIN,
      secret: SECRET,
      // Stand-ins for the Next and Remix sites: the chat tests never reach them.
      site: { handler: (_req: IncomingMessage, res: ServerResponse) => res.end('site') },
      remix: { handle: async () => new Response('remix'), assetsDir: '/nonexistent' },
      notes,
      chat,
    });
    server = createServer(front).on('upgrade', front.upgrade);
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    chat?.close();
    await new Promise<void>((resolve) => {
      server?.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  });

  const socketUrl = `/chat/socket`;
  const open = (cookie: string, extra: Record<string, string> = {}) =>
    new ChatClient(`ws://${base}${socketUrl}`, { cookie, origin: ORIGIN, ...extra });
  const get = (path: string, cookie?: string) => fetch(`http://${base}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

  it('serves its page to a signed-in user, by name, and sends anonymous visitors to sign in', async () => {
    const page = await get('/chat/', alice);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('data-testid="chat-user">Signed in as <strong>Alice</strong>');

    const anonymous = await get('/chat/');
    expect(anonymous.status).toBe(307);
    expect(anonymous.headers.get('location')).toBe('/api/auth/signin?callbackUrl=%2Fchat%2F');

    const bare = await get('/chat', alice);
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/chat/');
    expect((await get('/chat/other', alice)).status).toBe(404);
  });

  it('greets each user by name and carries messages between them with the sender’s name', async () => {
    // Alice also sends a forged identity header: the front door removes it, she stays Alice.
    const a = open(alice, { 'x-remote-user': 'bob@example.com' });
    await within(a.opened, 'open');
    expect(await a.next()).toEqual({ type: 'welcome', name: 'Alice', online: [] });

    const b = open(bob);
    await within(b.opened, 'open');
    expect(await b.next()).toEqual({ type: 'welcome', name: 'Bob', online: ['Alice'] });
    expect(await a.next()).toEqual({ type: 'joined', name: 'Bob' });

    a.ws.send('hello, Bob');
    expect(await a.next()).toEqual({ type: 'message', from: 'Alice', text: 'hello, Bob' });
    expect(await b.next()).toEqual({ type: 'message', from: 'Alice', text: 'hello, Bob' });
    b.ws.send('hi <b>Alice</b>');
    expect(await a.next()).toEqual({ type: 'message', from: 'Bob', text: 'hi <b>Alice</b>' });
    expect(await b.next()).toEqual({ type: 'message', from: 'Bob', text: 'hi <b>Alice</b>' });

    b.ws.send('x'.repeat(MAX_MESSAGE_LENGTH + 1));
    expect(await b.next()).toMatchObject({ type: 'error' });

    b.ws.close();
    expect(await a.next()).toEqual({ type: 'left', name: 'Bob' });
    a.ws.close();
    await a.closed();
  });

  it('refuses an anonymous upgrade with 401 and closes the connection, whatever identity header it forges', async () => {
    const url = `ws://${base}${socketUrl}`;
    const forgeries: Record<string, string>[] = [{}, { 'x-remote-user': 'alice@example.com' }, { Remote_User: 'alice@example.com' }];
    for (const forged of forgeries) {
      expect(await refusedUpgrade(url, { origin: ORIGIN, ...forged })).toEqual({
        status: 401,
        body: 'Unauthorized: sign in first.\n',
      });
    }
    // A cookie that is not a valid session is anonymous too.
    expect((await refusedUpgrade(url, { origin: ORIGIN, cookie: 'next-auth.session-token=forged' })).status).toBe(401);
  });

  it('refuses a signed-in upgrade from another origin, or with none (cross-site WebSocket hijacking)', async () => {
    const url = `ws://${base}${socketUrl}`;
    for (const origin of ['http://evil.test', 'http://site.test:8080', 'https://site.test', 'null']) {
      expect((await refusedUpgrade(url, { cookie: alice, origin })).status, origin).toBe(403);
    }
    expect((await refusedUpgrade(url, { cookie: alice })).status).toBe(403);
  });

  it('refuses upgrades to other paths under /chat with 404', async () => {
    expect((await refusedUpgrade(`ws://${base}/chat/`, { cookie: alice, origin: ORIGIN })).status).toBe(404);
    expect((await refusedUpgrade(`ws://${base}/chat/socket/x`, { cookie: alice, origin: ORIGIN })).status).toBe(404);
  });

  // Last: the chat stays closed.
  it('closes every chat socket on close(), so the server can stop', async () => {
    const a = open(alice);
    await within(a.opened, 'open');
    const closed = a.closed();
    chat.close();
    expect(await closed).toBe(1006);
  });
});
