import { describe, expect, it } from 'vitest';
import { clientGoneResponse, isClientGone } from './client-left.js';

describe('isClientGone', () => {
  it('recognises the abort reason of an aborted request', () => {
    const controller = new AbortController();
    const request = new Request('http://localhost/', { signal: controller.signal });
    const reason = new Error('client went away');
    expect(isClientGone(request, reason)).toBe(false);
    controller.abort(reason);
    expect(isClientGone(request, reason)).toBe(true);
    expect(isClientGone(request, new DOMException('aborted', 'AbortError'))).toBe(true);
    expect(isClientGone(request, new Error('something else'))).toBe(false);
  });

  it('answers an empty, uncacheable response', async () => {
    const response = clientGoneResponse();
    expect(await response.text()).toBe('');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});
