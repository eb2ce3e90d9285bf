/**
 * Test-only drivers for `http-load.py`: an upstream sink and HTTP clients in their own processes,
 * so a memory test measures the gateway's process alone.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const SCRIPT = fileURLToPath(new URL('./http-load.py', import.meta.url));
const run = promisify(execFile);

/** The 64 KiB pattern `http-load.py upload` repeats. */
const BLOCK = Buffer.from(Array.from({ length: 65536 }, (_, i) => i % 256));

/** SHA-256 (hex) of what `upload(url, mib)` sends. */
export function uploadSha256(mib: number): string {
  const hash = createHash('sha256');
  for (let i = 0; i < mib * 16; i++) hash.update(BLOCK);
  return hash.digest('hex');
}

/** Starts the Python sink; it answers each upload with its length and SHA-256. */
export function startSink(): Promise<{ origin: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-u', SCRIPT, 'sink'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /port (\d+)/.exec(output);
      if (match) resolve({ origin: `http://127.0.0.1:${match[1]}`, child });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`sink exited with ${code}`)));
  });
}

/** POSTs `mib` MiB to `url` from a Python client; resolves with the parsed JSON reply. */
export async function upload(url: string, mib: number): Promise<{ bodyLength: number; bodySha256: string }> {
  const { stdout } = await run('python3', [SCRIPT, 'upload', url, String(mib)], { maxBuffer: 1024 * 1024 });
  return JSON.parse(stdout) as { bodyLength: number; bodySha256: string };
}

/** GETs `url` from a slow Python reader; resolves with the status and the byte count. */
export async function slowDownload(url: string): Promise<{ status: number; bytes: number }> {
  const { stdout } = await run('python3', [SCRIPT, 'download', url], { maxBuffer: 1024 * 1024 });
  return JSON.parse(stdout) as { status: number; bytes: number };
}

/**
 * V8's `gc()`, reachable without `--expose-gc` on the command line: the flag is set at run time
 * and a fresh context picks the function up.
 */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/**
 * Runs `work` while sampling this process's RSS every 20 ms, each time right after a full
 * garbage collection, so what is measured is memory held, not garbage waiting for the collector
 * (which V8's heap sizing makes vary by tens of MiB from run to run). Resolves with `work`'s
 * result and the peak growth over the RSS at the start.
 */
export async function measureRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  collectGarbage();
  const before = process.memoryUsage.rss();
  let peak = before;
  const sample = (): void => {
    collectGarbage();
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const sampler = setInterval(sample, 20);
  try {
    const result = await work();
    sample();
    return { result, growth: peak - before };
  } finally {
    clearInterval(sampler);
  }
}
