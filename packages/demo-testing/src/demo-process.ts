/**
 * Test support for the demo apps: a built demo started as users start it
 * (`node scripts/start.mjs`, production mode) in its own process group, on a free loopback port,
 * and stopped again; and what its processes hold, read from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
/** A running demo process. */
export interface DemoProcess {
  /** `http://127.0.0.1:PORT` (HOST's address when given). */
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** The process and its descendants (a start script may run the server as a child). */
  pids(): number[];
  /** Stops the whole process group; resolves with the exit code once it is gone. */
  stop(): Promise<number | null>;
}

/** A port that is free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** How a demo starts and how it says it listens. */
export interface StartOptions {
  /** What the demo prints once it listens (its banner, Next's `Ready in`). */
  ready: RegExp;
  /** The script to run with `node`, relative to `appDir` or absolute; default `scripts/start.mjs`. */
  script?: string;
  /** How long it may take to print `ready`; default 45 s. */
  timeoutMs?: number;
}

/**
 * Starts `node <script>` in `appDir` with only `env` (plus PATH, HOME, NODE_ENV=production) and
 * PORT, and resolves once it has printed `ready` (at most `timeoutMs`) and HOST:PORT (default
 * 127.0.0.1) accepts connections. Rejects if the process exits first.
 */
export async function startDemo(appDir: string, env: Record<string, string>, options: StartOptions): Promise<DemoProcess> {
  const { ready, script = 'scripts/start.mjs', timeoutMs = 45_000 } = options;
  const port = await freePort();
  const host = env.HOST ?? '127.0.0.1';
  const child = spawn(process.execPath, [script], {
    cwd: appDir,
    env: {
      NODE_ENV: 'production',
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  let printedReady!: () => void;
  const readyPrinted = new Promise<'ready'>((resolve) => (printedReady = () => resolve('ready')));
  const onOutput = (chunk: Buffer): void => {
    output += chunk.toString();
    if (ready.test(output)) printedReady();
  };
  child.stdout!.on('data', onOutput);
  child.stderr!.on('data', onOutput);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));

  const demo: DemoProcess = {
    url: `http://${host}:${port}`,
    port,
    child,
    output: () => output,
    pids: () => descendants(child.pid!),
    async stop() {
      if (!gone) {
        try {
          process.kill(-child.pid!, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };

  // Waits for the line it prints once it listens, bounded; then the port must take a connection.
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    readyPrinted,
    exited.then(() => 'exited' as const),
    new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (outcome === 'exited') throw new Error(`the demo exited before listening:\n${output}`);
  if (outcome === 'late' || !(await accepts(host, port))) {
    await demo.stop();
    const what =
      outcome === 'late' ? `print ${ready} within ${timeoutMs} ms` : `accept connections on ${host}:${port} after printing ${ready}`;
    throw new Error(`the demo did not ${what}:\n${output}`);
  }
  return demo;
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** `pid` and all its descendants, from /proc. */
export function descendants(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    const tasks = safeReaddir(`/proc/${all[i]}/task`);
    for (const task of tasks) {
      const children = safeRead(`/proc/${all[i]}/task/${task}/children`).trim();
      if (children) all.push(...children.split(/\s+/).map(Number));
    }
  }
  return all;
}

/** A number field of `/proc/<pid>/<file>` (`VmRSS` of `status` in kB, `rchar` of `io` in bytes), summed over `pids`. */
export function procSum(pids: number[], file: 'status' | 'io', field: string): number {
  let sum = 0;
  for (const pid of pids) {
    const match = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(safeRead(`/proc/${pid}/${file}`));
    if (match) sum += Number(match[1]);
  }
  return sum;
}

/**
 * The local addresses listening on `port` (from /proc/net/tcp and tcp6), e.g. `['127.0.0.1']`,
 * or `['::']` for all interfaces.
 */
export function listeningAddresses(port: number): string[] {
  const found: string[] = [];
  for (const [file, v6] of [
    ['/proc/net/tcp', false],
    ['/proc/net/tcp6', true],
  ] as const) {
    for (const line of safeRead(file).split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 4 || fields[3] !== '0A') continue; // 0A: LISTEN
      const [hexAddress, hexPort] = fields[1]!.split(':');
      if (parseInt(hexPort!, 16) !== port) continue;
      found.push(v6 ? ipv6(hexAddress!) : ipv4(hexAddress!));
    }
  }
  return found;
}

function ipv4(hex: string): string {
  // Little-endian on the machines we run on (x86-64, arm64).
  return [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');
}

function ipv6(hex: string): string {
  const groups: string[] = [];
  for (let word = 0; word < 4; word++) {
    const w = hex.slice(word * 8, word * 8 + 8);
    const bytes = [3, 2, 1, 0].map((i) => w.slice(i * 2, i * 2 + 2)).join('');
    groups.push(bytes.slice(0, 4), bytes.slice(4, 8));
  }
  const text = groups.map((g) => parseInt(g, 16).toString(16)).join(':');
  if (text === '0:0:0:0:0:0:0:0') return '::';
  if (text === '0:0:0:0:0:0:0:1') return '::1';
  return text;
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
