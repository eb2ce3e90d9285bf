/**
 * The front door: one `createMountServer` that puts the Next demo at `/`, the Remix demo at
 * `/remix`, the notes app at `/tools` and the WebSocket chat at `/chat`, with the NextAuth
 * session as the one sign-in for all.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createMountServer, InvalidOptionError, type MountServer, type UpgradeHandler } from '@graft/core';
import type { Express } from 'express';
import type { ChatApp } from './chat-app.js';
import { SIGN_IN_PATH, SIGN_OUT_PAGE } from './next-auth-pages.js';
import { REMIX_BASENAME, type RemixRequestHandler, remixMount } from './remix-mount.js';
import { nextAuthSessionIdentity } from './session-identity.js';
import { staticAssets } from './static-assets.js';
import { createToolsApp } from './tools-app.js';

/** The header that carries the user id to the apps; copies sent by clients are always removed. */
export const IDENTITY_HEADER = 'x-remote-user';

/** Options of {@link createFrontDoor}. */
export interface FrontDoorOptions {
  /** The public origin, `http://localhost:3002`: the same as NEXTAUTH_URL. */
  origin: string;
  /** The NextAuth secret the Next site signs its session cookie with. */
  secret: string;
  /** The Next site: `getRequestHandler()` and `getUpgradeHandler()` of a prepared `next()` app. */
  site: { handler: (req: IncomingMessage, res: ServerResponse) => unknown; upgrade?: UpgradeHandler };
  /** The Remix site built with basename `/remix`: its request handler and its client assets folder. */
  remix: { handle: RemixRequestHandler; assetsDir: string };
  /** The notes app (`createNotesApp()`, an Express app). */
  notes: Express;
  /** The WebSocket chat (`createChatApp()`), mounted at `/chat` when given. */
  chat?: ChatApp;
}

/** Where the chat is mounted: its page at `/chat/`, its socket at `/chat/socket`. */
export const CHAT_PREFIX = '/chat';

/**
 * Creates the front door's request listener (with `.upgrade` for `server.on('upgrade')`).
 *
 * @throws {InvalidOptionError} when `origin` is not an http(s) origin, or `secret` is empty.
 */
export function createFrontDoor(options: FrontDoorOptions): MountServer {
  const origin = parseOrigin(options.origin);
  return createMountServer({
    mounts: {
      // Next answers everything no other mount takes, its own 404 page included.
      '/': { app: options.site.handler, upgrade: options.site.upgrade },
      [REMIX_BASENAME]: remixMount(options.remix.handle, origin.origin),
      [`${REMIX_BASENAME}/assets`]: staticAssets(options.remix.assetsDir),
      // Called directly with the server's own req/res: no Next route in between.
      '/tools': {
        app: createToolsApp({ notes: options.notes, site: options.site.handler }),
        // The notes app's own sign-in/out links lead to NextAuth's pages.
        locals: { signInUrl: SIGN_IN_PATH, signOutUrl: SIGN_OUT_PAGE },
      },
      // Upgrades under /chat go to the chat with the front door's user on `req`, like requests.
      ...(options.chat && { [CHAT_PREFIX]: { app: options.chat.app, upgrade: options.chat.upgrade } }),
    },
    identity: nextAuthSessionIdentity({ secret: options.secret, secureCookie: origin.protocol === 'https:' }),
    identityHeader: IDENTITY_HEADER,
    // Fetch handlers build absolute URLs from this, not from a Host header a client chose.
    host: origin.host,
    protocol: origin.protocol as 'http:' | 'https:',
  });
}

function parseOrigin(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidOptionError(`origin ${JSON.stringify(value)} is not a URL`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash) {
    throw new InvalidOptionError(`origin ${JSON.stringify(value)} must be an http(s) origin without a path`);
  }
  return url;
}
