/**
 * What the front door mounts at `/chat`: a small chat over WebSockets (`ws` in `noServer` mode),
 * behind the same sign-in as every other mount. The page (`GET /chat/`) and the socket
 * (`/chat/socket`) both read the user the front door resolved from the NextAuth session cookie
 * (`req.graft.identity`): nothing here reads a cookie or a client's header.
 *
 * WebSockets work here because the front door is the Node `http.Server` itself and hands the raw
 * upgrade (request, socket, first bytes) to the mount that owns the path. A Next route handler or
 * a Remix loader gets a Fetch `Request` and returns a `Response`: there is no socket to take over.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { getGraftContext, type Identity, InvalidOptionError } from '@graft/core';
import { type WebSocket, WebSocketServer } from 'ws';
import { signInPath } from './next-auth-pages.js';

/** The socket's path under the mount: `/chat/socket`. */
export const CHAT_SOCKET_PATH = '/socket';

/** The longest message a client may send, in characters; longer ones are refused, not cut. */
export const MAX_MESSAGE_LENGTH = 2000;

/** Options of {@link createChatApp}. */
export interface ChatAppOptions {
  /**
   * The site's public origin (`http://localhost:3002`). An upgrade whose `Origin` is anything
   * else — another site, another port of this host, or none — is refused with `403`: a WebSocket
   * handshake is a GET that browsers send with the user's cookies from any page, so this is the
   * chat's protection against cross-site WebSocket hijacking.
   */
  origin: string;
}

/** What the server sends, one JSON object per WebSocket message. */
export type ChatEvent =
  | { type: 'welcome'; name: string; online: string[] }
  | { type: 'joined' | 'left'; name: string }
  | { type: 'message'; from: string; text: string }
  | { type: 'error'; message: string };

/** The chat: the page (`app`), the upgrade handler (`upgrade`), and `close` for shutting down. */
export interface ChatApp {
  /** Serves the page at the mount's root; anonymous visitors are redirected to sign in. */
  app(req: IncomingMessage, res: ServerResponse): void;
  /** Takes `/socket` upgrades: `403` for a foreign `Origin`, `401` for anonymous users, `404` elsewhere. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every chat socket (upgraded sockets keep `server.close()` waiting otherwise). */
  close(): void;
}

/**
 * Creates the chat.
 *
 * @throws {InvalidOptionError} when `origin` is not an http(s) origin.
 */
export function createChatApp(options: ChatAppOptions): ChatApp {
  const origin = checkOrigin(options.origin);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  const names = new Map<WebSocket, string>();

  const broadcast = (event: ChatEvent): void => {
    const data = JSON.stringify(event);
    for (const client of names.keys()) client.send(data);
  };

  const join = (ws: WebSocket, name: string): void => {
    send(ws, { type: 'welcome', name, online: [...new Set(names.values())] });
    broadcast({ type: 'joined', name });
    names.set(ws, name);
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : String(data).trim();
      if (text === '' || text.length > MAX_MESSAGE_LENGTH) {
        send(ws, { type: 'error', message: `Messages are text of 1 to ${MAX_MESSAGE_LENGTH} characters.` });
        return;
      }
      broadcast({ type: 'message', from: name, text });
    });
    ws.on('close', () => {
      names.delete(ws);
      broadcast({ type: 'left', name });
    });
    // A client that vanishes mid-write: the socket closes, 'close' above says goodbye.
    ws.on('error', () => ws.terminate());
  };

  return {
    app(req, res) {
      const path = (req.url ?? '/').split('?')[0];
      if (path !== '/') return sendText(res, 404, 'Not Found');
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        return sendText(res, 405, 'Method Not Allowed');
      }
      const original = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? '/';
      const identity = getGraftContext(req)?.identity;
      res.setHeader('cache-control', 'no-store');
      if (!identity) {
        res.writeHead(307, { location: signInPath(original) }).end();
        return;
      }
      // `/chat` → `/chat/`, so the page's relative socket URL resolves under the mount.
      if (!original.split('?')[0]!.endsWith('/')) {
        res.writeHead(308, { location: `${(req as IncomingMessage & { baseUrl?: string }).baseUrl ?? ''}/` }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : chatPage(displayName(identity)));
    },

    upgrade(req, socket, head) {
      if ((req.url ?? '').split('?')[0] !== CHAT_SOCKET_PATH) return refuse(socket, 404, 'Not Found');
      if (req.headers.origin !== origin) return refuse(socket, 403, 'Forbidden: this socket only opens from this site.');
      const identity = getGraftContext(req)?.identity;
      if (!identity) return refuse(socket, 401, 'Unauthorized: sign in first.');
      wss.handleUpgrade(req, socket, head, (ws) => join(ws, displayName(identity)));
    },

    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

/** How the chat names a user: the session's name, else the id (the e-mail). */
function displayName(identity: Identity): string {
  return typeof identity.name === 'string' && identity.name !== '' ? identity.name : identity.id;
}

function send(ws: WebSocket, event: ChatEvent): void {
  ws.send(JSON.stringify(event));
}

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

/** Answers an upgrade with a plain HTTP error instead of `101`, then closes the socket. */
function refuse(socket: Duplex, status: 401 | 403 | 404, text: string): void {
  const body = `${text}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nconnection: close\r\ncontent-type: text/plain; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

function checkOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidOptionError(`createChatApp: origin ${JSON.stringify(value)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidOptionError(`createChatApp: origin ${JSON.stringify(value)} must be an http(s) origin`);
  }
  return url.origin;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page: a log, a form, and a few lines of browser JS. Messages are added as text, never HTML. */
function chatPage(name: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chat · Graft node-host</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
  #log { list-style: none; padding: 0.5rem; border: 1px solid #ccc; border-radius: 4px; min-height: 12rem; }
  #log li.note { color: #666; font-style: italic; }
  form { display: flex; gap: 0.5rem; } input { flex: 1; }
</style>
</head>
<body>
<header><a href="/">Home</a> · <a href="/tools/notes/">Notes</a> · <a href="/remix/">Remix</a></header>
<h1>Chat</h1>
<p data-testid="chat-user">Signed in as <strong>${escapeHtml(name)}</strong>. Messages go to everyone on this page, over a WebSocket the front door hands to this app.</p>
<p data-testid="chat-status" role="status">Connecting…</p>
<ul id="log" data-testid="chat-log" aria-live="polite"></ul>
<form id="send"><input name="text" aria-label="Message" autocomplete="off" maxlength="${MAX_MESSAGE_LENGTH}" required><button>Send</button></form>
<script>
  const log = document.getElementById('log');
  const status = document.querySelector('[data-testid="chat-status"]');
  const add = (text, note) => { const li = document.createElement('li'); li.textContent = text; if (note) li.className = 'note'; log.append(li); };
  const socket = new WebSocket(new URL('socket', location.href.replace(/^http/, 'ws')));
  socket.onopen = () => { status.textContent = 'Connected'; };
  socket.onclose = () => { status.textContent = 'Disconnected'; };
  socket.onmessage = (event) => {
    const m = JSON.parse(event.data);
    if (m.type === 'welcome') add('Welcome, ' + m.name + '!' + (m.online.length ? ' Here: ' + m.online.join(', ') + '.' : ''), true);
    else if (m.type === 'joined') add(m.name + ' joined', true);
    else if (m.type === 'left') add(m.name + ' left', true);
    else if (m.type === 'message') add(m.from + ': ' + m.text);
    else if (m.type === 'error') add(m.message, true);
  };
  document.getElementById('send').onsubmit = (event) => {
    event.preventDefault();
    const input = event.target.elements.text;
    if (socket.readyState === WebSocket.OPEN && input.value.trim()) socket.send(input.value);
    input.value = '';
  };
</script>
</body>
</html>
`;
}
