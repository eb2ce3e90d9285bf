/**
 * The script's process: started in its own process group, its stderr turned into log lines, and
 * stopped — with everything it started — when the gateway gives up on it.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';

/** A running script and the means to stop it. */
export interface CgiProcess {
  child: ChildProcessWithoutNullStreams;
  /** Resolves when the process has exited and its output pipes are closed. */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** `true` once `closed` has resolved. */
  readonly isClosed: boolean;
  /** SIGTERM to the process group, then SIGKILL after `grace` ms if it is still there. */
  kill(): void;
}

/** Longest stderr line passed to the logger in one piece; longer runs are split. */
const MAX_LOG_LINE = 8 * 1024;

/**
 * Spawns `command` without a shell, as the leader of a new process group (`detached`), so that
 * `kill()` also reaches the programs it started (git-http-backend runs `git upload-pack`).
 * A spawn failure (ENOENT, EACCES, E2BIG) is reported through `child`'s `'error'` event.
 */
export function startCgiProcess(init: {
  command: string;
  args: readonly string[];
  cwd: string | undefined;
  env: Record<string, string>;
  grace: number;
  log: (line: string) => void;
}): CgiProcess {
  const child = spawn(init.command, init.args, {
    cwd: init.cwd,
    env: init.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
    shell: false,
    windowsHide: true,
  });
  let isClosed = false;
  let killTimer: NodeJS.Timeout | undefined;
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => {
      isClosed = true;
      if (killTimer) clearTimeout(killTimer);
      resolve({ code, signal });
    });
    // A failed spawn emits 'error' and then 'close' (since Node 16); nothing to resolve here.
    child.on('error', () => {});
  });
  pipeLines(child.stderr, init.log);

  const signalGroup = (signal: NodeJS.Signals): void => {
    if (isClosed || child.pid === undefined) return;
    try {
      // The group outlives its leader while the leader's children hold it; after that ESRCH.
      process.kill(-child.pid, signal);
    } catch {
      try {
        child.kill(signal);
      } catch {
        // Already gone.
      }
    }
  };

  return {
    child,
    closed,
    get isClosed() {
      return isClosed;
    },
    kill() {
      if (isClosed || killTimer) return;
      signalGroup('SIGTERM');
      killTimer = setTimeout(() => signalGroup('SIGKILL'), init.grace);
    },
  };
}

/** Calls `log` once per line of `stream` (UTF-8; a final unterminated line is flushed at the end). */
function pipeLines(stream: NodeJS.ReadableStream, log: (line: string) => void): void {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const emit = (text: string): void => {
    pending += text;
    let newline: number;
    while ((newline = pending.indexOf('\n')) !== -1) {
      log(pending.slice(0, newline).replace(/\r$/, ''));
      pending = pending.slice(newline + 1);
    }
    while (pending.length > MAX_LOG_LINE) {
      log(pending.slice(0, MAX_LOG_LINE));
      pending = pending.slice(MAX_LOG_LINE);
    }
  };
  stream.on('data', (chunk: Buffer) => emit(decoder.write(chunk)));
  stream.on('end', () => {
    emit(decoder.end());
    if (pending !== '') log(pending);
    pending = '';
  });
  stream.on('error', () => {});
}
