/**
 * End-to-end tests of the Remix demo: the PRODUCTION build (`remix vite:build` output, served by
 * remix-serve through the demo's start script) on a free port, driven by Debian's Chromium,
 * headless. Run with `playwright test -c playwright.remix.config.ts` (the e2e workspace's `test`
 * script runs it after the Next demo's tests).
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

const port = (process.env.REMIX_E2E_PORT ||= freePort());
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './remix',
  // One server, two cores: run the tests one after another.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: 'test-results/remix',
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
    // The demo's own start script (remix-serve over the production build), on loopback only.
    command: 'node scripts/start.mjs',
    cwd: fileURLToPath(new URL('../apps/remix-demo', import.meta.url)),
    url: `${baseURL}/login`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: port,
      HOST: '127.0.0.1',
      SESSION_SECRET: process.env.SESSION_SECRET || 'graft-remix-e2e-secret',
    },
  },
});
