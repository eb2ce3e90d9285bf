/**
 * Starting and stopping the servers under test, each in its own process so its CPU and memory
 * are its own: (a) Express on its own port, (e) the front door `createMountServer`, the Next
 * app (b, b′, c, d, f) with `next start`, and (g) the same Next build behind `createMountServer`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, isPortFree, runProcess, startProcess, stopProcess, waitForServer } from './processes.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
export const NEXT_APP_DIR = path.join(here, 'next-app');
const NEXT_BIN = require.resolve('next/dist/bin/next');
const BUILD_STAMP = path.join(NEXT_APP_DIR, '.next', 'bench-build.json');

function nextEnv({ upstreamOrigin, proxyBodyLimit, profiling = false }) {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', BENCH_UPSTREAM_ORIGIN: upstreamOrigin };
  delete env.NODE_ENV; // next build / next start set production themselves
  delete env.BENCH_PROXY_BODY_LIMIT;
  delete env.BENCH_PROFILE_BUILD;
  if (proxyBodyLimit) env.BENCH_PROXY_BODY_LIMIT = proxyBodyLimit;
  if (profiling) env.BENCH_PROFILE_BUILD = '1';
  return env;
}

/**
 * `next build` of bench/next-app (production). The rewrites' destination is compiled in, so a
 * build is reused (with `reuse`) only if it was made for the same upstream and purpose.
 * `profiling: true` makes the build for CPU profiles (see next.config.mjs). Resolves with the
 * seconds it took, or `null` when an existing build was reused.
 */
export async function buildNextApp({ upstreamOrigin, reuse = false, profiling = false }) {
  if (reuse && existsSync(BUILD_STAMP)) {
    const stamp = JSON.parse(readFileSync(BUILD_STAMP, 'utf8'));
    if (stamp.upstreamOrigin === upstreamOrigin && stamp.profiling === profiling) return null;
  }
  const started = Date.now();
  const { code, stdout, stderr } = await runProcess(process.execPath, [NEXT_BIN, 'build'], {
    cwd: NEXT_APP_DIR,
    env: nextEnv({ upstreamOrigin, profiling }),
  });
  if (code !== 0) throw new Error(`next build failed (exit ${code}):\n${stdout}\n${stderr}`);
  writeFileSync(BUILD_STAMP, JSON.stringify({ upstreamOrigin, profiling, builtAt: new Date().toISOString() }));
  return (Date.now() - started) / 1000;
}

/** Preferred fixed port of (a): Next's rewrites() destination is compiled into the build. */
const PREFERRED_UPSTREAM_PORT = 47311;

/**
 * Picks the port of (a) — the fixed one if free, else any free one — and builds the Next app for
 * it. Resolves with `{ upstreamPort, upstreamOrigin, buildSeconds }`.
 */
export async function prepareNextApp({ reuse = false, profiling = false } = {}) {
  const upstreamPort = (await isPortFree(PREFERRED_UPSTREAM_PORT)) ? PREFERRED_UPSTREAM_PORT : await freePort();
  const upstreamOrigin = `http://127.0.0.1:${upstreamPort}`;
  const buildSeconds = await buildNextApp({ upstreamOrigin, reuse, profiling });
  return { upstreamPort, upstreamOrigin, buildSeconds };
}

function serverHandle(child, origin, name) {
  return { name, child, pid: child.pid, origin, stop: () => stopProcess(child) };
}

/** (a) or (e): `kind` is `express` or `mount` (see serve.mjs). */
export async function startNodeServer(kind, port, { nodeFlags = [] } = {}) {
  const child = startProcess(process.execPath, [...nodeFlags, path.join(here, 'serve.mjs'), kind, String(port)], {
    cwd: here,
  });
  const origin = `http://127.0.0.1:${port}`;
  await waitForServer(child, /^listening \d+$/m, `${origin}${kind === 'mount' ? '/tools' : ''}/hello`);
  return serverHandle(child, origin, kind);
}

/**
 * (g) `node serve.mjs next-front-door`: the built Next app, prepared with `next({ dir, dev: false })`,
 * as the default app of `createMountServer` (the Express app at /tools), on 127.0.0.1:`port`.
 * Same environment as `next start` gets, plus NODE_ENV=production, which `next start` sets itself.
 */
export async function startNextFrontDoor(port, { upstreamOrigin, nodeFlags = [] }) {
  const child = startProcess(process.execPath, [...nodeFlags, path.join(here, 'serve.mjs'), 'next-front-door', String(port)], {
    cwd: here,
    env: { ...nextEnv({ upstreamOrigin }), NODE_ENV: 'production' },
  });
  const origin = `http://127.0.0.1:${port}`;
  await waitForServer(child, /^listening \d+$/m, `${origin}/plain/hello`);
  return serverHandle(child, origin, 'next-front-door');
}

/**
 * `next start` of the built app on 127.0.0.1:`port`. `proxyBodyLimit` sets
 * `experimental.proxyClientMaxBodySize` (read from next.config.mjs at start).
 */
export async function startNext(port, { upstreamOrigin, proxyBodyLimit, nodeFlags = [] }) {
  const child = startProcess(process.execPath, [...nodeFlags, NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: NEXT_APP_DIR,
    env: nextEnv({ upstreamOrigin, proxyBodyLimit }),
  });
  const origin = `http://127.0.0.1:${port}`;
  // `next start` prints `Ready in` once it listens.
  await waitForServer(child, /\bReady in\b/, `${origin}/plain/hello`);
  return serverHandle(child, origin, 'next');
}
