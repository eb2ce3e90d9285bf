// Serves the built demo (`npm start`; port 3001 by default) and says how to sign in.
//
// A small server instead of remix-serve: remix-serve's Express adapter writes response bodies
// without waiting for the socket to drain, so a client that does not read a large download made
// the server queue the whole file in memory. Here `@graft/core`'s `toNodeListener` (Remix's own
// @remix-run/node-fetch-server underneath) writes each chunk only as the socket takes it, and the
// browser assets are streamed from build/client the same way.
//
// Environment: PORT (default 3001), HOST (listen address, default 127.0.0.1: only this machine),
// SESSION_SECRET (signs the session cookie; without it a random one is made for this process,
// so sign-ins end when it stops).
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const serverBuild = join(appDir, 'build/server/index.js');
const clientDir = join(appDir, 'build/client');
if (!existsSync(serverBuild)) {
  console.error('No build found: run `npm run build` in apps/remix-demo (or `npm run demo:remix` at the root) first.');
  process.exit(1);
}

const port = Number(process.env.PORT || 3001);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, not ${JSON.stringify(process.env.PORT)}`);
  process.exit(1);
}
const host = process.env.HOST || '127.0.0.1';

// Before React and the build load: they read these when they start.
process.env.NODE_ENV = 'production';
let secretNote = 'SESSION_SECRET is set: sessions are signed with it.';
if (!process.env.SESSION_SECRET) {
  process.env.SESSION_SECRET = randomBytes(32).toString('base64url');
  secretNote = 'SESSION_SECRET is not set: sessions are signed with a random secret of this process, so sign-ins end when it stops.';
}

const { createRequestHandler } = await import('@remix-run/node');
const { toNodeListener } = await import('@graft/core');
const build = await import(pathToFileURL(serverBuild).href);

const pages = toNodeListener(createRequestHandler(build, 'production'));

const CONTENT_TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/**
 * A file of build/client for GET and HEAD, as remix-serve served it: Vite's hashed files under
 * /assets/ are cached for a year (their name changes with their content), other files (Vite's
 * copy of `public/`) for an hour. Resolves `false` when there is no such file: the request is
 * then a page's.
 */
async function serveStatic(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  let path;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://x.invalid').pathname);
  } catch {
    return false;
  }
  // No dot files, no way out of build/client, and the root is a page.
  if (path === '/' || path.includes('\0') || path.split('/').some((part) => part.startsWith('.'))) return false;
  const file = join(clientDir, path);
  if (!file.startsWith(clientDir + sep)) return false;
  let info;
  try {
    info = await stat(file);
  } catch {
    return false;
  }
  if (!info.isFile()) return false;
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    'last-modified': info.mtime.toUTCString(),
    'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  // pipeline: written as the socket drains; a client gone early closes the file.
  await pipeline(createReadStream(file), res).catch(() => res.destroy());
  return true;
}

const server = createServer((req, res) => {
  serveStatic(req, res).then(
    (served) => (served ? undefined : pages(req, res)),
    () => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
      else res.destroy();
    },
  );
});

await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, host, () => {
    server.off('error', reject);
    resolve();
  });
});
const address = server.address();
const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
console.log(`
  Graft Remix demo: ${url}${host === '127.0.0.1' ? ' (this machine only; set HOST to listen elsewhere)' : ''}
  Sign in as alice / alice or bob / bob.
  Mounted apps: /tools/notes/ (Express 5 notes app)  /tools/db/ (json-server 0.17)
  ${secretNote}
  listening on ${url}
`);

// Ctrl-C / SIGTERM: stop taking connections, let running requests finish for a moment (server-sent
// event streams never do), then close the rest and exit 0, so `npm start` ends without error noise.
// A second signal exits at once.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) process.exit(0);
    stopping = true;
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 2_000).unref();
  });
}
