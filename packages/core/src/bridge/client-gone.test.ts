import { describe, expect, it } from 'vitest';
import { callNodeApp } from './call-node-app.js';
import { clientGoneResponse, isClientGone } from './client-gone.js';

describe('isClientGone', () => {
  it("recognises callNodeApp's rejection for a client that left", async () => {
    const controller = new AbortController();
    const request = new Request('http://x/', { signal: controller.signal });
    const pending = callNodeApp(() => {}, request);
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(isClientGone(request, error)).toBe(true);
  });

  it('is false for real failures and for requests still connected', () => {
    const aborted = new Request('http://x/', { signal: AbortSignal.abort() });
    expect(isClientGone(aborted, new Error('database down'))).toBe(false);
    const live = new Request('http://x/');
    expect(isClientGone(live, new DOMException('x', 'AbortError'))).toBe(false);
  });

  it('answers with an empty, uncacheable 204', () => {
    const response = clientGoneResponse();
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});
