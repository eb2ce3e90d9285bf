/**
 * A server of its own process, for the HTTP benchmark:
 *
 *   node serve.mjs express PORT   (a) the Express app on its own port
 *   node serve.mjs mount PORT     (e) createMountServer: the Express app at /tools, a default app
 *
 * Listens on 127.0.0.1 and prints `listening PORT` once it does. Exits on SIGTERM/SIGINT.
 */
import { createServer } from 'node:http';
import { createMountServer } from '@graft/core';
import { createBenchApp, defaultApp } from './http-app.mjs';

const [kind, portArg] = process.argv.slice(2);
const port = Number(portArg ?? 0);

let listener;
if (kind === 'express') listener = createBenchApp();
else if (kind === 'mount') {
  listener = createMountServer({ mounts: { '/tools': createBenchApp() }, default: defaultApp, listMounts: false });
} else {
  console.error(`usage: node serve.mjs express|mount PORT (got ${JSON.stringify(kind)})`);
  process.exit(2);
}

const server = createServer(listener);
server.listen(port, '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
