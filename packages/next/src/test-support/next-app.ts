/**
 * Real Next apps for tests: `next build` a fixture folder, and run it with `next start` or
 * `next dev` on a free port. Every wait is bounded and rejects with the process output.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';

const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

/** What a finished `next build` left: its exit code and everything it printed. */
export interface BuildResult {
  code: number | null;
  output: string;
}

/** Runs `next build dir` with `env` added; resolves when it exits, rejects after `ms`. */
export function buildNextApp(dir: string, env: Record<string, string> = {}, ms = 180_000): Promise<BuildResult> {
  const child = spawn(process.execPath, [nextBin, 'build', dir], { env: { ...baseEnv, ...env } });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`next build ${dir} did not finish within ${ms} ms:\n${output}`));
    }, ms);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

/** A running `next start` or `next dev`. */
export interface RunningNextApp {
  origin: string;
  /** Everything the server printed so far. */
  output(): string;
  /** Resolves once the server printed a match for `pattern` after offset `from`; rejects if it exits first or after `ms`. */
  printed(pattern: RegExp, from?: number, ms?: number): Promise<void>;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

function watch(server: ChildProcess, name: string): RunningNextApp & { origin: '' } {
  let output = '';
  server.stdout!.on('data', (chunk) => (output += chunk));
  server.stderr!.on('data', (chunk) => (output += chunk));
  const printed = (pattern: RegExp, from = 0, ms = 30_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const stop = (): void => {
        clearTimeout(timer);
        server.stdout!.off('data', check);
        server.stderr!.off('data', check);
        server.off('exit', exited);
      };
      const check = (): void => {
        if (!pattern.test(output.slice(from))) return;
        stop();
        resolve();
      };
      const exited = (code: number | null): void => {
        stop();
        reject(new Error(`${name} exited (${code}) before printing ${pattern}:\n${output}`));
      };
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`${name} did not print ${pattern} within ${ms} ms:\n${output}`));
      }, ms);
      // After the listeners that collect the output, so `output` has the chunk.
      server.stdout!.on('data', check);
      server.stderr!.on('data', check);
      server.once('exit', exited);
      check();
    });
  return {
    origin: '',
    output: () => output,
    printed,
    async stop() {
      if (server.exitCode !== null || server.signalCode !== null) return;
      const exited = once(server, 'exit');
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Starts `next start dir` (after a build) or `next dev dir` with `env` added, on a free port of
 * 127.0.0.1; resolves once it is ready.
 */
export async function runNextApp(dir: string, mode: 'start' | 'dev', env: Record<string, string> = {}): Promise<RunningNextApp> {
  const port = await freePort();
  const server = spawn(process.execPath, [nextBin, mode, dir, '-p', String(port), '-H', '127.0.0.1'], { env: { ...baseEnv, ...env } });
  const app = { ...watch(server, `next ${mode}`), origin: `http://127.0.0.1:${port}` };
  try {
    await app.printed(/Ready/, 0, 60_000);
  } catch (error) {
    await app.stop();
    throw error;
  }
  return app;
}
