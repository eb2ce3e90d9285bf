import { InvalidOptionError } from '@graft/core';
import { describe, expect, it } from 'vitest';
import { createRouteHandler, mount } from './mount.js';
import type { RouteArgs } from './route-args.js';
import { createEchoApp } from './test-support/echo-app.js';

const args = (headers: Record<string, string>, method = 'POST'): RouteArgs => ({
  request: new Request('http://127.0.0.1:3001/tools/books', {
    method,
    headers: { host: '127.0.0.1:3001', ...headers },
    body: method === 'GET' ? undefined : 'title=x',
  }),
  params: { '*': 'books' },
  context: {},
});

describe('mount: crossOriginProtection', () => {
  it('refuses same-site and cross-site writes with 403 before the app runs', async () => {
    const { action } = mount(createEchoApp(), { crossOriginProtection: true });
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const response = await action(args({ origin: 'http://127.0.0.1:4444', 'sec-fetch-site': 'same-site' }, method));
      expect(response.status).toBe(403);
      expect(response.headers.get('x-echo')).toBeNull();
    }
    expect((await action(args({ origin: 'http://localhost:3001' }))).status).toBe(403);
  });

  it('lets same-origin writes, non-browser clients, loaders and trusted origins through', async () => {
    const { loader, action } = mount(createEchoApp(), {
      crossOriginProtection: { trustedOrigins: ['https://partner.example'] },
    });
    const reached = async (response: Response) => response.headers.get('x-echo');
    expect(await reached(await action(args({ origin: 'http://127.0.0.1:3001', 'sec-fetch-site': 'same-origin' })))).toBe('yes');
    expect(await reached(await action(args({ origin: 'http://127.0.0.1:3001' })))).toBe('yes');
    expect(await reached(await action(args({})))).toBe('yes');
    expect(await reached(await loader(args({ 'sec-fetch-site': 'cross-site' }, 'GET')))).toBe('yes');
    expect(await reached(await action(args({ origin: 'https://partner.example', 'sec-fetch-site': 'cross-site' })))).toBe('yes');
  });

  it('is off by default, and a bad trusted origin fails when the route is built', async () => {
    const { action } = mount(createEchoApp());
    expect((await action(args({ 'sec-fetch-site': 'cross-site' }))).headers.get('x-echo')).toBe('yes');
    expect(() => createRouteHandler(createEchoApp(), { crossOriginProtection: { trustedOrigins: ['https://p.example/x'] } })).toThrow(
      InvalidOptionError,
    );
  });
});
