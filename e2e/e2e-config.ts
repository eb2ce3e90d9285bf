/**
 * What the three Playwright configs share: one free port per suite, Debian's Chromium, headless,
 * one worker (one server, two cores), and a fresh server per run whose output is piped. Each
 * config adds its test folder, base URL and server (command, folder, ready URL, environment).
 */
import { execSync, spawnSync } from 'node:child_process';
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';

/**
 * A port that is free right now, remembered in `envName`: Playwright evaluates the config again
 * in each worker, which must see the same port as the web server.
 */
export function suitePort(envName: string): string {
  const remembered = process.env[envName];
  if (remembered) return remembered;
  const probe = spawnSync(
    process.execPath,
    ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"],
    { encoding: 'utf8' },
  );
  const port = probe.stdout.trim();
  if (!/^\d+$/.test(port)) throw new Error(`could not find a free port: ${probe.stderr}`);
  process.env[envName] = port;
  return port;
}

/** Debian's Chromium (`CHROMIUM_PATH`, else `command -v chromium`): Playwright's download cannot work offline. */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execSync('command -v chromium', { encoding: 'utf8', shell: '/bin/sh' }).trim();
  } catch {
    throw new Error('Chromium not found: run `apt-get install -y chromium` or set CHROMIUM_PATH');
  }
}

type WebServer = Extract<NonNullable<PlaywrightTestConfig['webServer']>, { command: string }>;
/** What a suite says about its server; the rest (a fresh server, 60 s to start, output piped) is shared. */
type SuiteServer = Required<Pick<WebServer, 'command' | 'cwd' | 'url' | 'env'>>;

/** A suite's config: the shared settings plus its own folder, base URL and server. */
export function e2eConfig(suite: { testDir: string; outputDir?: string; baseURL: string; webServer: SuiteServer }): PlaywrightTestConfig {
  return defineConfig({
    testDir: suite.testDir,
    ...(suite.outputDir ? { outputDir: suite.outputDir } : {}),
    workers: 1,
    fullyParallel: false,
    forbidOnly: !!process.env.CI,
    retries: 0,
    timeout: 30_000,
    expect: { timeout: 10_000 },
    reporter: [['list']],
    use: {
      baseURL: suite.baseURL,
      headless: true,
      trace: 'off',
      launchOptions: {
        executablePath: chromiumPath(),
        // Chromium's own network chatter is refused on this offline machine; keep it quiet.
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
    webServer: { ...suite.webServer, reuseExistingServer: false, timeout: 60_000, stdout: 'pipe', stderr: 'pipe' },
  });
}
