/**
 * vitest global setup: builds the two fixture sites (Remix v2 and React Router 7) with their own
 * CLIs, so the host tests drive real server bundles. Each build takes a few seconds.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** The path of a package's CLI script, from its `bin` field. */
function binOf(pkg: string, name: string): string {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: Record<string, string> };
  return join(dirname(manifestPath), manifest.bin[name]!);
}

function build(fixture: string, cli: string, args: string[]): void {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: join(fixtures, fixture),
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) {
    throw new Error(`building fixtures/${fixture} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
}

export default function setup(): void {
  build('remix-v2', binOf('@remix-run/dev', 'remix'), ['vite:build']);
  build('react-router-7', binOf('@react-router/dev', 'react-router'), ['build']);
}
