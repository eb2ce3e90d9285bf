/**
 * End-to-end tests of a React Router 7 framework host: @graft/remix's React Router 7 fixture
 * (packages/remix/fixtures/react-router-7, basename /rr), built by its serve script and served
 * in production mode on a free port, driven by Debian's Chromium, headless. Run with
 * `playwright test -c playwright.rr7.config.ts` (the e2e workspace's `test` script runs it).
 */
import { fileURLToPath } from 'node:url';
import { e2eConfig, suitePort } from './e2e-config.js';

const port = suitePort('RR7_E2E_PORT');
const baseURL = `http://127.0.0.1:${port}`;

export default e2eConfig({
  testDir: './rr7',
  outputDir: 'test-results/rr7',
  baseURL,
  webServer: {
    // Builds the fixture with React Router's CLI, then serves it on loopback only.
    command: 'node serve.mjs',
    cwd: fileURLToPath(new URL('../packages/remix/fixtures/react-router-7', import.meta.url)),
    url: `${baseURL}/rr/links`,
    env: { PORT: port, HOST: '127.0.0.1' },
  },
});
