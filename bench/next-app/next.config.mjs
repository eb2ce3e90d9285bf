/**
 * The benchmark's own Next app, built by `bench/run.mjs` with `next build` and served with
 * `next start` (production). Not an npm workspace, and no test runner looks here.
 *
 * Environment, read at build and at start:
 * - BENCH_UPSTREAM_ORIGIN: where `rewrites()` sends /proxy/* — the Express server of (a).
 *   Rewrites are compiled into the build, so run.mjs rebuilds when this changes.
 * - BENCH_PROXY_BODY_LIMIT: `experimental.proxyClientMaxBodySize`, the request body size the
 *   rewrites proxy buffers and forwards (Next's default: 10 MB; beyond it the body is cut).
 * - BENCH_PROFILE_BUILD=1 (build): for CPU profiles (bench/profile.mjs), keep function names
 *   (no minification); cpuprofile-summary.mjs finds their files through the source maps. The
 *   timed runs use Next's default, minified build.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const upstream = process.env.BENCH_UPSTREAM_ORIGIN;
if (!upstream) throw new Error('BENCH_UPSTREAM_ORIGIN must be set (bench/run.mjs sets it)');
const here = path.dirname(fileURLToPath(import.meta.url));
const profileBuild = process.env.BENCH_PROFILE_BUILD === '1';

/** @type {import('next').NextConfig} */
const config = {
  // Loaded by Node at run time, as in the demo and as most apps mounting Express do.
  serverExternalPackages: ['express'],
  // The route imports the shared app from bench/, and node_modules is at the monorepo root.
  turbopack: { root: path.resolve(here, '../..') },
  outputFileTracingRoot: path.resolve(here, '../..'),
  poweredByHeader: false,
  // The benchmark times serving; the app type-checks cleanly (tsc -p bench/next-app), and
  // checking it on every run's build would only add time.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    ...(process.env.BENCH_PROXY_BODY_LIMIT ? { proxyClientMaxBodySize: process.env.BENCH_PROXY_BODY_LIMIT } : {}),
    ...(profileBuild ? { turbopackMinify: false } : {}),
  },
  async rewrites() {
    return [{ source: '/proxy/:path*', destination: `${upstream}/:path*` }];
  },
};

export default config;
