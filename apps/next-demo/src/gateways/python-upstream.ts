/**
 * The demo's Python upstream (`upstream/whoami_server.py`, standard library only): started on
 * first use on 127.0.0.1 with a port the OS picks, reached through Graft's proxy() gateway, and
 * gone with the Node process — killed on exit, and watching its stdin for the case where Node
 * dies without running exit handlers.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createInterface } from 'node:readline';
import { type NodeRequestListener, proxy } from '@graft/core';
import { demoPath } from './demo-paths';

/** How long the interpreter may take to start listening. */
const START_TIMEOUT_MS = 15_000;

/** The script, in the demo's directory (wherever the server was started from). */
const SCRIPT = demoPath('upstream', 'whoami_server.py');

/** What the interpreter needs to be found and run (pyenv, virtualenvs); not the host's secrets. */
const INHERITED_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'PYENV_ROOT', 'PYENV_VERSION', 'VIRTUAL_ENV'];

let upstream: Promise<NodeRequestListener> | undefined;

function pythonEnv(): NodeJS.ProcessEnv {
  const env: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env as NodeJS.ProcessEnv;
}

function log(message: string): void {
  console.error(`[python upstream] ${message}`);
}

/** Starts the server and resolves with its origin once it prints the line saying where it listens. */
function startServer(): Promise<{ child: ChildProcessWithoutNullStreams; origin: string }> {
  const python = process.env.PYTHON || 'python3';
  // turbopackIgnore: the interpreter is found at run time; there is nothing to trace into the build.
  const child = spawn(/*turbopackIgnore: true*/ python, [SCRIPT, '--host', '127.0.0.1', '--port', '0'], {
    env: { ...pythonEnv(), PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  createInterface({ input: child.stderr }).on('line', log);

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${python} did not start listening within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const origin = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1];
      if (!origin) {
        log(line);
        return;
      }
      clearTimeout(timer);
      resolve({ child, origin });
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${python}: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${python} ${SCRIPT} exited (${signal ?? `code ${code}`}) before listening`));
    });
  });
}

/** The proxy gateway to the running server, starting it if needed (again after it died). */
function pythonGateway(): Promise<NodeRequestListener> {
  upstream ??= startServer().then(
    ({ child, origin }) => {
      child.once('exit', (code, signal) => {
        log(`exited (${signal ?? `code ${code}`}); it is started again on the next request`);
        upstream = undefined;
      });
      log(`listening on ${origin}`);
      // Only the gateway sets X-Remote-User: every client-sent copy is removed first.
      return proxy(origin, { identityHeader: 'x-remote-user', logger: log });
    },
    (error: unknown) => {
      upstream = undefined;
      throw error;
    },
  );
  return upstream;
}

/** A Node `(req, res)` app that forwards to the Python server; 502 if it cannot be started. */
export async function pythonUpstreamApp(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let gateway: NodeRequestListener;
  try {
    gateway = await pythonGateway();
  } catch (error) {
    log(String(error));
    res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end('The Python upstream could not be started (is python3 installed?)\n');
    return;
  }
  await gateway(req, res);
}
