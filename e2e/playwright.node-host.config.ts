/**
 * End-to-end tests of the node-host: ONE plain Node server (apps/node-host, its production build)
 * in front of the built Next demo at /, the Remix demo built with basename /remix, and the notes
 * app at /tools, started on a free port by `webServer` and driven by Debian's Chromium, headless.
 * Run with `playwright test -c playwright.node-host.config.ts` (the e2e workspace's `test` script
 * runs it after the Next and Remix demos' tests).
 *
 * The site is addressed as http://localhost:PORT, never 127.0.0.1: NextAuth's sign-in form posts
 * to NEXTAUTH_URL's host, and a different host fails its CSRF check.
 */
import { fileURLToPath } from 'node:url';
import { e2eConfig, suitePort } from './e2e-config.js';

const port = suitePort('NODE_HOST_E2E_PORT');
const baseURL = `http://localhost:${port}`;

export default e2eConfig({
  testDir: './node-host',
  outputDir: 'test-results/node-host',
  baseURL,
  webServer: {
    // The node-host's own start command (its built dist/main.js), on loopback only. No
    // NEXTAUTH_SECRET is set here: the front door and the Next demo in its process must agree on
    // the random secret it makes up.
    command: 'node dist/main.js',
    cwd: fileURLToPath(new URL('../apps/node-host', import.meta.url)),
    url: `${baseURL}/api/auth/providers`,
    env: {
      PORT: port,
      HOST: '127.0.0.1',
      NEXTAUTH_URL: baseURL,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
