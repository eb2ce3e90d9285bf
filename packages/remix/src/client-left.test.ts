import { describe, expect, it, vi } from 'vitest';
import { endQuietlyWhenClientLeaves } from './client-left.js';
import { mount } from './mount.js';
import { createEchoApp } from './test-support/echo-app.js';

describe('endQuietlyWhenClientLeaves, with a real streaming app', () => {
  const events: string[] = [];
  const { loader } = mount(createEchoApp(events));

  it('ends the body instead of failing it when the client leaves mid-stream', async () => {
    const controller = new AbortController();
    const response = await loader({
      request: new Request('http://h.test/tools/ticks', { signal: controller.signal }),
      params: { '*': 'ticks' },
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: first\n\n');
    controller.abort();
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    // The app records its 'close' event; nothing else signals it, so poll, bounded.
    await vi.waitFor(() => expect(events).toContain('closed /tools/ticks finished=false'), { timeout: 5000, interval: 5 });
  });

  it('still fails the body when the app breaks it and the client is there', async () => {
    const response = await loader({ request: new Request('http://h.test/tools/broken'), params: { '*': 'broken' } });
    await expect(response.text()).rejects.toThrow();
  });

  it('keeps status, headers and a body-less response as they are', async () => {
    const empty = new Response(null, { status: 204, headers: { 'x-a': '1' } });
    expect(endQuietlyWhenClientLeaves(empty, new Request('http://h.test/'))).toBe(empty);
    const full = endQuietlyWhenClientLeaves(
      new Response('abc', { status: 201, statusText: 'Made', headers: { 'x-a': '1' } }),
      new Request('http://h.test/'),
    );
    expect([full.status, full.statusText, full.headers.get('x-a'), await full.text()]).toEqual([201, 'Made', '1', 'abc']);
  });
});
