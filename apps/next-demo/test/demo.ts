/** The built Next demo, started for a test as users start it (see `@graft/demo-testing`). */
import { fileURLToPath } from 'node:url';
import { type DemoProcess, startDemo as startIn } from '@graft/demo-testing';

export { type DemoProcess, listeningAddresses } from '@graft/demo-testing';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

/** `next start` prints `Ready in` once it listens (the start script's banner comes before). */
const READY = /\bReady in\b/;

/** Starts `node scripts/start.mjs` of this demo with `env` (see `startDemo` of `@graft/demo-testing`). */
export const startDemo = (env: Record<string, string>, timeoutMs?: number): Promise<DemoProcess> =>
  startIn(APP_DIR, env, { ready: READY, timeoutMs });
