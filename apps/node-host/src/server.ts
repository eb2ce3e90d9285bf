/**
 * Starts the node-host: loads the built Next demo and the Remix demo built for `/remix`, creates
 * the notes app and the WebSocket chat, and serves them all from one `http.createServer`.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createNotesApp } from '@graft/demo-notes';
import { createRequestHandler, type ServerBuild } from '@remix-run/node';
import nextModule from 'next';
import { createChatApp } from './chat-app.js';
import { createFrontDoor } from './front-door.js';
import type { RemixRequestHandler } from './remix-mount.js';

/** Options of {@link startNodeHost}. */
export interface NodeHostOptions {
  /** The port to listen on (`0` for any free one). */
  port: number;
  /** The address to listen on; default `127.0.0.1` (this machine only). */
  hostname?: string;
  /** The public origin, `http://localhost:3002` (NEXTAUTH_URL). */
  origin: string;
  /** The NextAuth secret, the same the Next demo uses. */
  secret: string;
}

/** The running server, and how to stop it. */
export interface NodeHost {
  server: Server;
  close(): Promise<void>;
}

// `next` is CommonJS whose module.exports IS createServer, while its types describe an ES module
// with a default export; seen from an ES module, the default import is that function.
const next = nextModule as unknown as typeof nextModule.default;

const REMIX_BUILD_DIR = fileURLToPath(new URL('../build/remix', import.meta.url));

/** Loads the apps and listens. Run it in production mode (`NODE_ENV=production`, see `main.ts`). */
export async function startNodeHost(options: NodeHostOptions): Promise<NodeHost> {
  const serverBuild = `${REMIX_BUILD_DIR}/server/index.js`;
  if (!existsSync(serverBuild)) {
    throw new Error(`No Remix build at ${serverBuild}: run \`npm run build\` in apps/node-host (or \`npm run demo:node-host\`).`);
  }
  const nextDir = dirname(createRequire(import.meta.url).resolve('@graft/next-demo/package.json'));
  if (!existsSync(`${nextDir}/.next/BUILD_ID`)) {
    throw new Error(`No Next build in ${nextDir}: run \`npm run build\` there (or \`npm run demo:node-host\`).`);
  }

  const site = next({ dir: nextDir, dev: false, hostname: new URL(options.origin).hostname, port: options.port });
  await site.prepare();
  const build = (await import(pathToFileURL(serverBuild).href)) as ServerBuild;

  const chat = createChatApp({ origin: options.origin });
  const front = createFrontDoor({
    origin: options.origin,
    secret: options.secret,
    site: { handler: site.getRequestHandler(), upgrade: site.getUpgradeHandler() },
    remix: {
      handle: createRequestHandler(build, 'production') as RemixRequestHandler,
      assetsDir: `${REMIX_BUILD_DIR}/client/assets`,
    },
    notes: createNotesApp(),
    chat,
  });
  const server = createServer(front);
  server.on('upgrade', front.upgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    server,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        // Upgraded sockets are no longer the server's connections, but keep close() waiting.
        chat.close();
      });
      await site.close();
    },
  };
}
