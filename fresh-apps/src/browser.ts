/**
 * Debian's Chromium, headless, through playwright-core (Playwright's own browser download cannot
 * work offline): `CHROMIUM_PATH`, else `chromium` on `PATH`. Same launch arguments as `e2e/`.
 */
import { execFileSync } from 'node:child_process';
import { type Browser, chromium } from 'playwright-core';

function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('Chromium not found: run `apt-get install -y chromium` or set CHROMIUM_PATH');
  }
}

/** A headless Chromium; close it when done. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    timeout: 30_000,
    // Chromium's own network chatter is refused on this offline machine; keep it quiet.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
