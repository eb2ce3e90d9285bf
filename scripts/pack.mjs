#!/usr/bin/env node
/**
 * `npm run pack`: writes the release tarballs of the three public packages to `packs/` (emptied
 * first), after `npm run pack` has built them. Install them into any app with
 * `npm install /path/to/graft/packs/*.tgz`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The packages that are released, in dependency order. */
const PUBLIC_PACKAGES = ['@graft/core', '@graft/next', '@graft/remix'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const destination = join(root, 'packs');

rmSync(destination, { recursive: true, force: true });
mkdirSync(destination, { recursive: true });
const args = ['pack', '--json', '--pack-destination', destination, ...PUBLIC_PACKAGES.flatMap((name) => ['-w', name])];
const packed = JSON.parse(execFileSync('npm', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
for (const { filename } of packed) console.log(relative(process.cwd(), join(destination, filename)));
