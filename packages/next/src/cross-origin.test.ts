import { InvalidOptionError } from '@graft/core';
import express from 'express';
import { NextRequest } from 'next/server.js';
import { describe, expect, it } from 'vitest';
import { createRouteHandler, mount } from './mount.js';

/** An app that counts the writes that reached it. */
function countingApp() {
  const reached: string[] = [];
  const app = express();
  app.all('/{*rest}', (req, res) => {
    reached.push(req.method);
    res.status(201).json({ method: req.method });
  });
  return { app, reached };
}

const context = { params: Promise.resolve({ path: ['notes'] }) };
const post = (headers: Record<string, string>, method = 'POST') =>
  new NextRequest('http://localhost:3000/tools/notes/notes', {
    method,
    headers: { host: 'localhost:3000', ...headers },
    body: method === 'GET' || method === 'HEAD' ? undefined : 'title=x',
  });

describe('mount: crossOriginProtection', () => {
  it('refuses same-site and cross-site writes with 403 before the app (or the sign-in check) runs', async () => {
    const { app, reached } = countingApp();
    const route = mount(app, { prefix: '/tools/notes', crossOriginProtection: true, requireIdentity: true, identity: () => 'alice' });
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const response = await route[method](post({ origin: 'http://localhost:4444', 'sec-fetch-site': 'same-site' }, method), context);
      expect(response.status).toBe(403);
    }
    expect((await route.POST(post({ origin: 'http://localhost:4444' }), context)).status).toBe(403);
    expect(reached).toEqual([]);
  });

  it('lets same-origin writes, non-browser clients, safe methods and trusted origins through', async () => {
    const { app, reached } = countingApp();
    const route = mount(app, {
      prefix: '/tools/notes',
      crossOriginProtection: { trustedOrigins: ['http://partner.localhost:4000'] },
    });
    expect((await route.POST(post({ origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' }), context)).status).toBe(201);
    expect((await route.POST(post({}), context)).status).toBe(201);
    expect((await route.GET(post({ 'sec-fetch-site': 'cross-site' }, 'GET'), context)).status).toBe(201);
    expect((await route.POST(post({ origin: 'http://partner.localhost:4000', 'sec-fetch-site': 'same-site' }), context)).status).toBe(201);
    expect(reached).toEqual(['POST', 'POST', 'GET', 'POST']);
  });

  it('is off by default, and a bad trusted origin fails when the route is built', async () => {
    const { app } = countingApp();
    const route = mount(app, { prefix: '/tools/notes' });
    expect((await route.POST(post({ 'sec-fetch-site': 'cross-site' }), context)).status).toBe(201);
    expect(() => createRouteHandler(app, { crossOriginProtection: { trustedOrigins: ['partner.test'] } })).toThrow(InvalidOptionError);
  });
});
