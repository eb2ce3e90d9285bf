/**
 * The processes a benchmark run starts — servers, load generators, clients — and the promise
 * that every one of them is stopped again: on normal exit, on an error, and on Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

const running = new Set();

/** Stops every process still running (SIGTERM, then SIGKILL after `graceMs`). */
export async function stopAll(graceMs = 3000) {
  await Promise.all([...running].map((child) => stopProcess(child, graceMs)));
}

/** Stops one process started by {@link startProcess}; resolves once it has exited. */
export async function stopProcess(child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

let hooked = false;
let interrupted = false;

/** Whether a signal is stopping the run (failures of the processes it killed are expected). */
export const wasInterrupted = () => interrupted;
function hookExit() {
  if (hooked) return;
  hooked = true;
  // Last resort on the way out: nothing may outlive the benchmark.
  process.on('exit', () => {
    for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      interrupted = true;
      process.stderr.write(`\n${signal}: stopping ${running.size} process(es)\n`);
      stopAll(1000).finally(() => process.exit(130));
    });
  }
}

/**
 * Starts a process whose output is kept (last `keep` characters of each stream) for error
 * messages. `echo` copies its stderr to ours as it comes.
 */
export function startProcess(command, args, { cwd, env, echo = false, keep = 20_000 } = {}) {
  hookExit();
  const child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.output = { stdout: '', stderr: '' };
  for (const stream of ['stdout', 'stderr']) {
    child[stream].setEncoding('utf8');
    child[stream].on('data', (text) => {
      child.output[stream] = (child.output[stream] + text).slice(-keep);
      if (echo && stream === 'stderr') process.stderr.write(text);
    });
  }
  running.add(child);
  child.on('exit', () => running.delete(child));
  child.on('error', () => running.delete(child));
  return child;
}

/** Runs a process to its end; resolves with its exit code and output (never rejects on status). */
export async function runProcess(command, args, options) {
  const child = startProcess(command, args, options);
  const [code, signal] = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c, s) => resolve([c, s]));
  });
  return { code, signal, ...child.output };
}

/** Whether `port` can be bound on 127.0.0.1 right now. */
export function isPortFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A port the system calls free (bound on port 0, then released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Waits until `child` prints `ready` (the line it prints once it listens), then checks that `url`
 * answers with `status` (a server that is up). Fails after `timeoutMs` or when `child` exits first.
 */
export async function waitForServer(child, ready, url, { status = 200, timeoutMs = 60_000 } = {}) {
  const printed = () => ready.test(child.output.stdout) || ready.test(child.output.stderr);
  const failure = (what) => new Error(`${what} (waiting for ${ready} before ${url}):\n${child.output.stderr}${child.output.stdout}`);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => settle(failure(`the server did not print its ready line within ${timeoutMs} ms`)), timeoutMs);
    const onOutput = () => printed() && settle();
    const onExit = (code, signal) => settle(failure(`the server exited (${code ?? signal}) before it listened`));
    function settle(error) {
      clearTimeout(timer);
      child.stdout.off('data', onOutput);
      child.stderr.off('data', onOutput);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    }
    if (printed()) return settle();
    if (child.exitCode !== null || child.signalCode !== null) return onExit(child.exitCode, child.signalCode);
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.once('exit', onExit);
  });
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  await response.arrayBuffer();
  if (response.status !== status) throw failure(`${url} answered ${response.status}, not ${status}`);
}
