/**
 * Abort storm: many calls driven the way Next drives a route handler — `request.signal` aborted
 * when the client leaves, the response body cancelled — with aborts at random stages. Nothing may
 * crash, reject unhandled, leak handles or listeners, or keep memory; every req/res must close.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it, vi } from 'vitest';
import { tick } from '../test-support/deferred.js';
import { callNodeApp } from './call-node-app.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const TOTAL = 10_000;
const CONCURRENCY = 50;

type Stage = 'none' | 'before-head' | 'mid-download' | 'mid-upload' | 'cancel-body';
const STAGES: Stage[] = ['none', 'before-head', 'mid-download', 'mid-upload', 'cancel-body'];

interface Tally {
  started: number;
  reqClosed: number;
  resClosed: number;
  /** App and client timers still to run: the storm is over when none is left. */
  timers: number;
}

function storming(tally: Tally) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    tally.started++;
    req.once('close', () => tally.reqClosed++);
    res.once('close', () => tally.resClosed++);
    req.on('error', () => {});
    const kind = req.url!.slice(1);
    if (kind === 'mid-upload') {
      req.resume();
      req.on('end', () => res.end('uploaded'));
      return;
    }
    const delay = kind === 'before-head' ? 2 : 0;
    tally.timers++;
    setTimeout(() => {
      if (res.destroyed) {
        // A client gone before the head: writing must be harmless.
        tally.timers--;
        res.end('ignored');
        return;
      }
      let n = 0;
      const timer = setInterval(() => {
        if (res.destroyed || n++ === 5) {
          clearInterval(timer);
          tally.timers--;
          res.end('end');
          return;
        }
        res.write('chunk '.repeat(100));
      }, 0);
    }, delay);
  };
}

async function drive(stage: Stage, app: ReturnType<typeof storming>, tally: Tally): Promise<string> {
  const controller = new AbortController();
  let body: ReadableStream<Uint8Array> | undefined;
  if (stage === 'mid-upload') {
    let sent = 0;
    body = new ReadableStream({
      async pull(c) {
        await tick();
        if (sent++ === 2) {
          controller.abort();
          c.error(new Error('client went away'));
        } else c.enqueue(new Uint8Array(1024));
      },
    });
  }
  const request = new Request(`http://storm/${stage}`, {
    method: body ? 'POST' : 'GET',
    body,
    signal: controller.signal,
    duplex: 'half',
  } as RequestInit);
  if (stage === 'before-head') {
    tally.timers++;
    setTimeout(() => {
      tally.timers--;
      controller.abort();
    }, Math.random() * 3);
  }
  let response: Response;
  try {
    response = await callNodeApp(app, request, { onError: () => {} });
  } catch (error) {
    return (error as Error).name;
  }
  if (!response.body) return 'no-body';
  const reader = response.body.getReader();
  try {
    await reader.read();
    if (stage === 'mid-download') controller.abort();
    if (stage === 'cancel-body') {
      await reader.cancel();
      return 'cancelled';
    }
    while (!(await reader.read()).done);
    return 'complete';
  } catch (error) {
    return (error as Error).name;
  }
}

it(`survives ${TOTAL} calls with random aborts at every stage`, async () => {
  const unhandled: unknown[] = [];
  const uncaught: unknown[] = [];
  const onUnhandled = (e: unknown): void => void unhandled.push(e);
  const onUncaught = (e: unknown): void => void uncaught.push(e);
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUncaught);
  const tally: Tally = { started: 0, reqClosed: 0, resClosed: 0, timers: 0 };
  const app = storming(tally);
  const outcomes = new Map<string, number>();
  const count = (key: string): void => void outcomes.set(key, (outcomes.get(key) ?? 0) + 1);

  // Warm up at full concurrency, so that the heap's and allocator's steady-state size for this
  // load is reached before measuring: growth after that is what a leak would show.
  const run = async (total: number, record: boolean): Promise<void> => {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < total) {
        const stage = STAGES[next++ % STAGES.length]!;
        const outcome = await drive(stage, app, tally);
        if (record) count(`${stage}:${outcome}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  };
  // The calls have returned; the storm is over once every req and res has closed and no app or
  // client timer is left (bounded: a close that never comes fails here).
  const settled = (): Promise<void> =>
    vi.waitFor(
      () => {
        expect(tally.timers).toBe(0);
        expect(tally.reqClosed).toBe(tally.started);
        expect(tally.resClosed).toBe(tally.started);
      },
      { timeout: 10_000, interval: 5 },
    );
  await run(2_000, false);
  await settled();
  gc();
  const handlesBefore = process.getActiveResourcesInfo().length;
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  tally.started = tally.reqClosed = tally.resClosed = 0;

  await run(TOTAL, true);
  await settled();
  gc();
  await tick(); // finalizers queued by the first collection run before the second
  gc();
  const handlesAfter = process.getActiveResourcesInfo().length;
  const rssAfter = process.memoryUsage().rss;
  const heapAfter = process.memoryUsage().heapUsed;
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUncaught);

  const mib = (n: number): string => (n / 1024 / 1024).toFixed(1);
  console.log(
    [
      `abort storm: ${TOTAL} calls, outcomes ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}`,
      `  app started ${tally.started}, req 'close' ${tally.reqClosed}, res 'close' ${tally.resClosed}`,
      `  crashes (uncaught) ${uncaught.length}, unhandled rejections ${unhandled.length}`,
      `  active handles before ${handlesBefore}, after ${handlesAfter}`,
      `  RSS before ${mib(rssBefore)} MiB, after GC ${mib(rssAfter)} MiB (growth ${mib(rssAfter - rssBefore)} MiB)`,
      `  heap used before ${mib(heapBefore)} MiB, after GC ${mib(heapAfter)} MiB`,
    ].join('\n'),
  );

  expect(uncaught).toEqual([]);
  expect(unhandled).toEqual([]);
  expect(tally.reqClosed).toBe(tally.started);
  expect(tally.resClosed).toBe(tally.started);
  expect(handlesAfter).toBeLessThanOrEqual(handlesBefore);
  expect(rssAfter - rssBefore).toBeLessThan(32 * 1024 * 1024);
}, 120_000);
