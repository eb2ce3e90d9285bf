// Builds the Remix demo a second time, for this server: with basename /remix (its routes, links,
// redirects and browser assets all under /remix), into build/remix here. The demo's own build
// (apps/remix-demo/build, served at / by `npm run demo:remix`) is left alone.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
// The server mounts the build at the same prefix (`tsc` has built dist/ before this runs).
import { REMIX_BASENAME } from '../dist/remix-mount.js';

const outDir = fileURLToPath(new URL('../build/remix', import.meta.url));
const require = createRequire(import.meta.url);
const remixDemoDir = dirname(require.resolve('@graft/remix-demo/package.json'));
const remixCli = createRequire(`${remixDemoDir}/package.json`).resolve('@remix-run/dev/dist/cli.js');

// The output lies outside the demo's folder, where Vite does not empty it: start clean.
rmSync(outDir, { recursive: true, force: true });
const result = spawnSync(process.execPath, [remixCli, 'vite:build'], {
  cwd: remixDemoDir,
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_ENV: 'production',
    REMIX_BASENAME,
    // Relative to the demo's folder, as the Remix plugin resolves it.
    REMIX_BUILD_DIRECTORY: relative(remixDemoDir, outDir),
  },
});
if (result.status !== 0) {
  console.error(`Building the Remix demo with basename ${REMIX_BASENAME} failed.`);
  process.exit(result.status ?? 1);
}
