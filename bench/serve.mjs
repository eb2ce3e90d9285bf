/**
 * A server of its own process, for the HTTP benchmark:
 *
 *   node serve.mjs express PORT           (a) the Express app on its own port
 *   node serve.mjs mount PORT             (e) createMountServer: the Express app at /tools, a default app
 *   node serve.mjs next-front-door PORT   (g) createMountServer in front of Next, as apps/node-host
 *                                         does: the built bench/next-app (`next({ dir, dev: false })`,
 *                                         prepared) answers every path as the default app,
 *                                         `getRequestHandler()`; the Express app is at /tools
 *
 * Listens on 127.0.0.1 and prints `listening PORT` once it does. Exits on SIGTERM/SIGINT.
 * `next-front-door` needs what `next start` needs (servers.mjs sets it): NODE_ENV=production and
 * BENCH_UPSTREAM_ORIGIN (read by next-app/next.config.mjs), and a `next build` of bench/next-app.
 */
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMountServer } from '@graft/core';
import { createBenchApp, defaultApp } from './http-app.mjs';

const [kind, portArg] = process.argv.slice(2);
const port = Number(portArg ?? 0);

let listener;
let closeApp = async () => {};
if (kind === 'express') listener = createBenchApp();
else if (kind === 'mount') {
  listener = createMountServer({ mounts: { '/tools': createBenchApp() }, default: defaultApp, listMounts: false });
} else if (kind === 'next-front-door') {
  // `next` is CommonJS: its module.exports is the function that creates the server.
  const { default: next } = await import('next');
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'next-app');
  const site = next({ dir, dev: false, hostname: '127.0.0.1', port });
  await site.prepare();
  closeApp = () => site.close();
  listener = createMountServer({ mounts: { '/tools': createBenchApp() }, default: site.getRequestHandler(), listMounts: false });
} else {
  console.error(`usage: node serve.mjs express|mount|next-front-door PORT (got ${JSON.stringify(kind)})`);
  process.exit(2);
}

const server = createServer(listener);
server.listen(port, '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
const stop = () => {
  server.closeAllConnections();
  server.close(() => {
    closeApp().finally(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
