/**
 * End-to-end tests: the built Next demo (`next build` output, started with `next start` on a free
 * port by `webServer`) driven by Debian's Chromium, headless.
 *
 * The site is addressed as http://localhost:PORT, never 127.0.0.1: NextAuth's sign-in form posts
 * to NEXTAUTH_URL's host, and a different host fails its CSRF check.
 */
import { fileURLToPath } from 'node:url';
import { e2eConfig, suitePort } from './e2e-config.js';

const port = suitePort('E2E_PORT');
const baseURL = `http://localhost:${port}`;

export default e2eConfig({
  testDir: './tests',
  baseURL,
  webServer: {
    // The demo's own start script (`next start`), on loopback only (its default; HOST would change it).
    command: 'node scripts/start.mjs',
    cwd: fileURLToPath(new URL('../apps/next-demo', import.meta.url)),
    url: `${baseURL}/api/auth/providers`,
    env: {
      PORT: port,
      NEXTAUTH_URL: baseURL,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || 'graft-e2e-secret',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
