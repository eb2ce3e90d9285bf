/**
 * A derived request's `signal` follows the host's even when nothing but that signal is kept: the
 * case of a bridge call whose app never answers, where the whole call is reachable only from the
 * copy's signal. Without the keep-alive, garbage collection cuts the link (the first test shows
 * the bare `new Request` losing it on this Node).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { deriveRequest } from './derived-request.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage until a weakly held object is gone (bounded). */
async function collect(probe: WeakRef<object>): Promise<void> {
  for (let round = 0; round < 20 && probe.deref() !== undefined; round++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Makes a copy with `derive`, keeps only its signal, collects, aborts the host. */
async function signalAfterCollection(derive: (request: Request) => Request): Promise<AbortSignal> {
  const host = new AbortController();
  const hostRequest = new Request('https://site.example/tools/x', { signal: host.signal });
  let copy: Request | undefined = derive(hostRequest);
  const signal = copy.signal;
  const probe = new WeakRef(new Request('https://site.example/probe', { signal: host.signal }));
  copy = undefined;
  await collect(probe);
  host.abort(new Error('client gone'));
  return signal;
}

describe('deriveRequest', () => {
  it('shows the hazard: a bare new Request copy stops following once collected', async () => {
    const signal = await signalAfterCollection((request) => new Request(request.url, { signal: request.signal }));
    expect(signal.aborted).toBe(false);
  });

  it("keeps the copy's signal following the host's after garbage collection", async () => {
    const signal = await signalAfterCollection((request) => deriveRequest(request, { headers: { 'accept-encoding': 'identity' } }));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('client gone');
  });

  it("changes only the URL and headers; method, body and redirect mode are the host's", async () => {
    const host = new Request('https://site.example/a?q=1', { method: 'POST', body: 'payload', headers: { 'x-a': '1' } });
    const copy = deriveRequest(host, { url: 'https://site.example/base/a?q=1', headers: { 'x-b': '2' } });
    expect(copy.url).toBe('https://site.example/base/a?q=1');
    expect(copy.method).toBe('POST');
    expect(copy.headers.get('x-b')).toBe('2');
    expect(copy.headers.get('x-a')).toBeNull();
    expect(await copy.text()).toBe('payload');
  });

  it('copies an already aborted request as aborted', () => {
    const host = new AbortController();
    host.abort(new Error('early'));
    const copy = deriveRequest(new Request('https://site.example/', { signal: host.signal }), {});
    expect(copy.signal.aborted).toBe(true);
  });
});
