/**
 * Request-rate measurement with an external load generator, in its own process so that it does
 * not share an event loop with anything it measures: Debian's `wrk` when installed (it costs
 * less CPU than a Node generator, which matters on 2 cores), else `autocannon`.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { runProcess } from './processes.mjs';

const require = createRequire(import.meta.url);

function findWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version prints its usage and exits 1: installed all the same.
    return error.code !== 'ENOENT' && error.status !== 127;
  }
}

const hasWrk = findWrk();

/** The generator in use, and its settings, for the report. */
export function loadGeneratorName(connections, seconds) {
  return hasWrk ? `wrk -t1 -c${connections} -d${seconds}s (Debian wrk)` : `autocannon -c ${connections} -d ${seconds} (wrk not installed)`;
}

/**
 * Drives `url` for `seconds` with `connections` keep-alive connections. Resolves with
 * `{ rps, errors }`: requests per second and the count of non-2xx answers plus socket errors.
 */
export async function measureRate(url, { connections = 32, seconds = 5 } = {}) {
  return hasWrk ? runWrk(url, connections, seconds) : runAutocannon(url, connections, seconds);
}

async function runWrk(url, connections, seconds) {
  const { code, stdout, stderr } = await runProcess('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, url]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  if (code !== 0 || !Number.isFinite(rps)) throw new Error(`wrk failed on ${url} (exit ${code}):\n${stdout}${stderr}`);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return { rps, errors: non2xx + socketErrors };
}

async function runAutocannon(url, connections, seconds) {
  const bin = require.resolve('autocannon/autocannon.js');
  const { code, stdout, stderr } = await runProcess(process.execPath, [bin, '-j', '-c', String(connections), '-d', String(seconds), url]);
  let result;
  try {
    result = JSON.parse(stdout);
  } catch {
    throw new Error(`autocannon failed on ${url} (exit ${code}):\n${stdout}${stderr}`);
  }
  return {
    rps: result.requests.total / (result.duration || seconds),
    errors: (result.non2xx ?? 0) + (result.errors ?? 0) + (result.timeouts ?? 0),
  };
}
