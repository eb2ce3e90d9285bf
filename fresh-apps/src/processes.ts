/**
 * Commands and servers of a fresh app, run as a user would run them in a terminal: each in its
 * own process group (so stopping it stops npm and everything npm started), with an environment
 * that carries nothing of this monorepo's npm run (no `npm_*` settings, no `node_modules/.bin` of
 * the workspace on `PATH`, no vitest `NODE_ENV`). Every wait is bounded.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { REPO_ROOT } from './readme.js';

/** Thrown when a command fails or a server does not come up; carries the process output. */
export class FreshAppError extends Error {
  readonly code = 'FRESH_APP';
}

/**
 * npm settings of the user's own (where the cache and registry are, proxies, certificates), kept;
 * every other `npm_*` variable is the monorepo's npm run (`npm_config_local_prefix` would even
 * point npm at the workspace).
 */
const USER_NPM_SETTINGS = /^npm_config_(cache|registry|userconfig|globalconfig|cafile|ca|strict_ssl|proxy|https_proxy|noproxy|no_proxy)$/i;

/**
 * The environment of a terminal on this machine: this process's, minus what `npm test`, turbo and
 * vitest added, plus npm settings that reuse the local package cache (CI fills it with `npm ci`).
 */
export function terminalEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (
      /^npm_/i.test(name) ? !USER_NPM_SETTINGS.test(name) : /^(VITEST|TURBO_HASH$|INIT_CWD$|NODE_ENV$|NODE_OPTIONS$|NODE_PATH$)/.test(name)
    )
      continue;
    env[name] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(':')
    .filter((entry) => entry !== '' && !entry.startsWith(REPO_ROOT))
    .join(':');
  Object.assign(env, {
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_loglevel: 'error',
    NEXT_TELEMETRY_DISABLED: '1',
    TURBO_TELEMETRY_DISABLED: '1',
    ...extra,
  });
  return env;
}

/** A promise that resolves to `'timeout'` after `ms`, and a way to cancel it so no timer stays behind. */
function deadline(ms: number): { expired: Promise<'timeout'>; cancel: () => void } {
  const controller = new AbortController();
  const expired = delay(ms, 'timeout' as const, { signal: controller.signal }).catch(() => new Promise<'timeout'>(() => {}));
  return { expired, cancel: () => controller.abort() };
}

/** Stops a process group: SIGTERM, then SIGKILL after `graceMs`; resolves once the leader exited. */
async function stopGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = once(child, 'exit');
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // The group is gone already.
    }
  };
  signal('SIGTERM');
  const grace = deadline(graceMs);
  const outcome = await Promise.race([exited, grace.expired]);
  grace.cancel();
  if (outcome === 'timeout') {
    signal('SIGKILL');
    const last = deadline(graceMs);
    await Promise.race([exited, last.expired]);
    last.cancel();
  } else {
    // The leader (npm or sh) is gone; make sure nothing it started lives on.
    signal('SIGKILL');
  }
}

/** Terminal colour and style codes: dev servers colour their output when `CI` is set (as in CI). */
// biome-ignore lint/complexity/useRegexLiterals: the escape character reads better as \u001b in a string
const ANSI_ESCAPES = new RegExp('\u001b\\[[0-9;]*m', 'g');

/** Output of a process, without colour codes, kept for matching and error messages (the last `limit` characters). */
function collectOutput(child: ChildProcess, limit = 20_000): () => string {
  let output = '';
  const add = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-limit);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return () => output.replace(ANSI_ESCAPES, '');
}

/** Runs a shell script (`sh -e`) in `cwd`; resolves with its output, rejects on a non-zero exit or after `timeoutMs`. */
export async function runScript(script: string, options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<string> {
  const child = spawn('sh', ['-e', '-c', script], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child);
  const exit = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const limit = deadline(options.timeoutMs);
  const outcome = await Promise.race([exit, limit.expired]);
  limit.cancel();
  if (outcome === 'timeout') {
    await stopGroup(child);
    throw new FreshAppError(`timed out after ${options.timeoutMs} ms in ${options.cwd}:\n${script}\n${output()}`);
  }
  const [code, signal] = outcome;
  if (code !== 0) throw new FreshAppError(`exit ${code ?? signal} in ${options.cwd}:\n${script}\n${output()}`);
  return output();
}

/** A free TCP port on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new FreshAppError('no port');
  return address.port;
}

/** A running server of a fresh app. */
export interface RunningServer {
  readonly port: number;
  /** What it printed so far. */
  output(): string;
  /** Stops its whole process group; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts `npm run <script> [-- args]` in `cwd` and resolves once it has printed `ready` and
 * 127.0.0.1:`port` accepts a request; rejects, with its output, when it exits first or is not up
 * within `timeoutMs`.
 */
export async function startServer(options: {
  cwd: string;
  script: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  ready: RegExp;
  timeoutMs: number;
}): Promise<RunningServer> {
  const npmArgs = ['run', options.script, ...(options.args.length > 0 ? ['--', ...options.args] : [])];
  const child = spawn('npm', npmArgs, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collectOutput(child);
  const server: RunningServer = { port: options.port, output, stop: () => stopGroup(child) };
  const printedReady = new Promise<'ready'>((resolve) => {
    const check = () => {
      if (options.ready.test(output())) resolve('ready');
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
  });
  const exited = once(child, 'exit').then(() => 'exited' as const);
  const limit = deadline(options.timeoutMs);
  const fail = async (why: string) => {
    await server.stop();
    return new FreshAppError(`npm ${npmArgs.join(' ')} in ${options.cwd} ${why}:\n${output()}`);
  };
  const outcome = await Promise.race([printedReady, exited, limit.expired]);
  limit.cancel();
  if (outcome === 'exited') throw await fail('exited before it was ready');
  if (outcome === 'timeout') throw await fail(`did not print ${options.ready} within ${options.timeoutMs} ms`);
  try {
    const response = await fetch(`http://127.0.0.1:${options.port}/`, {
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await response.body?.cancel();
  } catch (error) {
    throw await fail(`printed ${options.ready} but 127.0.0.1:${options.port} does not answer (${String(error)})`);
  }
  return server;
}
