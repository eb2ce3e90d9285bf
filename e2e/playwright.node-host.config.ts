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
import { execSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

/** A port that is free right now (the config is evaluated again in workers, hence the env var). */
function freePort(): string {
  const probe = spawnSync(
    process.execPath,
    ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"],
    { encoding: 'utf8' },
  );
  const port = probe.stdout.trim();
  if (!/^\d+$/.test(port)) throw new Error(`could not find a free port: ${probe.stderr}`);
  return port;
}

function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execSync('command -v chromium', { encoding: 'utf8', shell: '/bin/sh' }).trim();
  } catch {
    throw new Error('Chromium not found: run `apt-get install -y chromium` or set CHROMIUM_PATH');
  }
}

const port = (process.env.NODE_HOST_E2E_PORT ||= freePort());
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: './node-host',
  // One server, two cores: run the tests one after another.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: 'test-results/node-host',
  use: {
    baseURL,
    headless: true,
    trace: 'off',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    // The node-host's own start command (its built dist/main.js), on loopback only. No
    // NEXTAUTH_SECRET is set here: the front door and the Next demo must agree on the default.
    command: 'node dist/main.js',
    cwd: fileURLToPath(new URL('../apps/node-host', import.meta.url)),
    url: `${baseURL}/api/auth/providers`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: port,
      HOST: '127.0.0.1',
      NEXTAUTH_URL: baseURL,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
