/**
 * End-to-end tests of the Remix demo: the PRODUCTION build (`remix vite:build` output, served by
 * the demo's start script: `toNodeListener` over Remix's request handler, with backpressure) on a free port, driven by Debian's Chromium,
 * headless. Run with `playwright test -c playwright.remix.config.ts` (the e2e workspace's `test`
 * script runs it after the Next demo's tests).
 */
import { fileURLToPath } from 'node:url';
import { e2eConfig, suitePort } from './e2e-config.js';

const port = suitePort('REMIX_E2E_PORT');
const baseURL = `http://127.0.0.1:${port}`;

export default e2eConfig({
  testDir: './remix',
  outputDir: 'test-results/remix',
  baseURL,
  webServer: {
    // The demo's own start script (its server over the production build), on loopback only.
    command: 'node scripts/start.mjs',
    cwd: fileURLToPath(new URL('../apps/remix-demo', import.meta.url)),
    url: `${baseURL}/login`,
    env: {
      PORT: port,
      HOST: '127.0.0.1',
      SESSION_SECRET: process.env.SESSION_SECRET || 'graft-remix-e2e-secret',
    },
  },
});
