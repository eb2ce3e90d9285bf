/**
 * CPU profile of one serving process under load, to see where its time goes:
 *
 *   node bench/profile.mjs --route=c --path=/hello [--seconds=10] [--warmup=3] [--top=25]
 *
 * Routes as in run.mjs: a (Express alone), b (Next plain route), b2 (Next plain catch-all
 * route, a reference), c (Next + @graft/next), d (Next rewrites proxy), e (createMountServer),
 * f (Next + fetch-to-node), g (createMountServer in front of Next, its plain route).
 * The serving process runs with
 * `node --cpu-prof`; wrk (or autocannon) warms it up, then drives it for --seconds; the process
 * is stopped and its profile summarised by cpuprofile-summary.mjs over the timed window only,
 * with the CPU time per request of each package. The Next app is built for profiling (not
 * minified, see next-app/next.config.mjs); an existing such build is reused unless --rebuild.
 * The .cpuprofile file stays in a temporary directory, whose path is printed.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadGeneratorName, measureRate } from './load.mjs';
import { freePort, runProcess, stopAll } from './processes.mjs';
import { prepareNextApp, startNext, startNextFrontDoor, startNodeServer } from './servers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const flag = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const route = flag('route', 'c');
const urlPath = flag('path', '/hello');
const seconds = Number(flag('seconds', 10));
const warmup = Number(flag('warmup', 3));
const top = flag('top', '25');
const PREFIX = { a: '', b: '/plain', b2: '/plain/catchall', c: '/graft', d: '/proxy', e: '/tools', f: '/ftn', g: '/plain' };
if (!(route in PREFIX)) {
  console.error(`--route must be one of ${Object.keys(PREFIX).join(', ')}`);
  process.exit(2);
}

const profileDir = mkdtempSync(path.join(os.tmpdir(), 'graft-profile-'));
const nodeFlags = ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];

try {
  // Unminified, so that the profile names Next's and Graft's functions.
  const { upstreamPort, upstreamOrigin } = await prepareNextApp({ reuse: !process.argv.includes('--rebuild'), profiling: true });
  const spawnedAt = performance.now();
  let server;
  if (route === 'a') server = await startNodeServer('express', upstreamPort, { nodeFlags });
  else if (route === 'e') server = await startNodeServer('mount', await freePort(), { nodeFlags });
  else if (route === 'g') server = await startNextFrontDoor(await freePort(), { upstreamOrigin, nodeFlags });
  else {
    if (route === 'd') await startNodeServer('express', upstreamPort);
    server = await startNext(await freePort(), { upstreamOrigin, nodeFlags });
  }
  const url = `${server.origin}${PREFIX[route]}${urlPath}`;
  console.log(`profiling ${url} with ${loadGeneratorName(32, seconds)} after ${warmup} s of warm-up`);
  await measureRate(url, { seconds: warmup });
  const from = performance.now() - spawnedAt;
  const { rps, errors } = await measureRate(url, { seconds });
  const to = performance.now() - spawnedAt;
  console.log(`${Math.round(rps)} req/s, ${errors} errors`);
  await server.stop();
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile was written in ${profileDir}`);
  const summary = await runProcess(process.execPath, [
    path.join(here, 'cpuprofile-summary.mjs'),
    path.join(profileDir, file),
    top,
    `--from-ms=${Math.round(from)}`,
    `--to-ms=${Math.round(to)}`,
    `--requests=${Math.round(rps * seconds)}`,
  ]);
  process.stdout.write(summary.stdout + summary.stderr);
} finally {
  await stopAll();
}
