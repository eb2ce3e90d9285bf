import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callNodeApp } from '../bridge/call-node-app.js';
import { createMountServer } from '../front-door/mount-server.js';
import { toNodeListener } from '../front-door/to-node-listener.js';
import { startServer, type TestServer } from '../test-support/http-server.js';
import { createCrossOriginCheck, crossOriginProtection, crossOriginRefusal, isCrossOriginRequest } from './cross-site.js';
import { InvalidOptionError } from './errors.js';

const SITE = 'http://localhost:3000';
const request = (method: string, headers: Record<string, string> = {}, url = `${SITE}/tools/notes/notes`) =>
  new Request(url, { method, headers: { host: 'localhost:3000', ...headers } });

describe('isCrossOriginRequest (Fetch requests)', () => {
  it('lets GET, HEAD and OPTIONS through whatever they carry (preflights must reach the app)', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      expect(isCrossOriginRequest(request(method, { origin: 'http://evil.test', 'sec-fetch-site': 'cross-site' }))).toBe(false);
    }
  });

  it('refuses writes a browser marks same-site or cross-site (another port of the same host is same-site)', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND']) {
      expect(isCrossOriginRequest(request(method, { 'sec-fetch-site': 'same-site', origin: 'http://localhost:4444' }))).toBe(true);
      expect(isCrossOriginRequest(request(method, { 'sec-fetch-site': 'cross-site', origin: 'http://evil.test' }))).toBe(true);
    }
  });

  it('lets same-origin and user-initiated (none) writes through', () => {
    expect(isCrossOriginRequest(request('POST', { 'sec-fetch-site': 'same-origin', origin: SITE }))).toBe(false);
    expect(isCrossOriginRequest(request('POST', { 'sec-fetch-site': 'none' }))).toBe(false);
  });

  it('trusts Sec-Fetch-Site over Origin', () => {
    // A same-site page cannot make its Origin look like ours, but if both disagree the browser's verdict wins.
    expect(isCrossOriginRequest(request('POST', { 'sec-fetch-site': 'same-site', origin: SITE }))).toBe(true);
  });

  it('without Sec-Fetch-Site, compares Origin with the Host header, not with request.url', () => {
    expect(isCrossOriginRequest(request('POST', { origin: SITE }))).toBe(false);
    expect(isCrossOriginRequest(request('POST', { origin: 'http://localhost:4444' }))).toBe(true);
    expect(isCrossOriginRequest(request('POST', { origin: 'http://127.0.0.1:3000' }))).toBe(true);
    expect(isCrossOriginRequest(request('POST', { origin: 'null' }))).toBe(true);
    // Under `next start` request.url says localhost:PORT while Host is the public name.
    const behindNext = new Request('http://localhost:3000/x', {
      method: 'POST',
      headers: { host: 'notes.example', origin: 'https://notes.example' },
    });
    expect(isCrossOriginRequest(behindNext)).toBe(false);
    const notPublic = new Request('http://localhost:3000/x', {
      method: 'POST',
      headers: { host: 'notes.example', origin: 'http://localhost:3000' },
    });
    expect(isCrossOriginRequest(notPublic)).toBe(true);
  });

  it('lets requests without Origin or Sec-Fetch-Site through (curl, git, servers)', () => {
    expect(isCrossOriginRequest(request('POST'))).toBe(false);
    expect(isCrossOriginRequest(request('DELETE', { 'sec-fetch-mode': 'cors' }))).toBe(false);
  });

  it('lets trusted origins through, and only them', () => {
    const check = createCrossOriginCheck({ trustedOrigins: ['http://Partner.localhost:4000/'] });
    expect(check(request('POST', { 'sec-fetch-site': 'same-site', origin: 'http://partner.localhost:4000' }))).toBe(false);
    expect(check(request('POST', { origin: 'http://partner.localhost:4000' }))).toBe(false);
    expect(check(request('POST', { 'sec-fetch-site': 'same-site', origin: 'http://partner.localhost:4001' }))).toBe(true);
  });

  it('rejects trusted origins that are not origins, with a typed error', () => {
    for (const bad of ['partner.test', 'http://partner.test/path', 'ftp://partner.test', 'http://u@partner.test', '*']) {
      expect(() => createCrossOriginCheck({ trustedOrigins: [bad] })).toThrow(InvalidOptionError);
    }
  });

  it('crossOriginRefusal answers a plain 403 that is never cached, or null', async () => {
    const refused = crossOriginRefusal(request('POST', { 'sec-fetch-site': 'same-site' }))!;
    expect(refused.status).toBe(403);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(await refused.text()).toMatch(/^Forbidden: /);
    expect(crossOriginRefusal(request('POST', { 'sec-fetch-site': 'same-origin' }))).toBeNull();
  });
});

describe('over real sockets', () => {
  const created: string[] = [];
  const app = express();
  app.post('/notes', express.urlencoded({ extended: false }), (req, res) => {
    created.push(String(req.body.title));
    res.status(201).send('created');
  });
  app.get('/notes', (_req, res) => {
    res.json(created);
  });

  let nodeHost: TestServer;
  let fetchHost: TestServer;
  beforeAll(async () => {
    // A Node host: the middleware in front of the app, served by createMountServer.
    const guarded = express().use(crossOriginProtection()).use(app);
    nodeHost = await startServer(createMountServer({ mounts: { '/tools': guarded } }));
    // A Fetch host, as a Next route handler does it.
    fetchHost = await startServer(toNodeListener((req) => crossOriginRefusal(req) ?? callNodeApp(app, req, { mountPath: '/tools' })));
  });
  afterAll(async () => {
    await nodeHost.close();
    await fetchHost.close();
  });

  for (const [name, host] of [
    ['Node middleware', () => nodeHost],
    ['Fetch refusal', () => fetchHost],
  ] as const) {
    it(`${name}: refuses a same-site form post and runs nothing; same-origin and header-less posts work`, async () => {
      const { origin, port } = host();
      const post = (title: string, headers: Record<string, string>) =>
        fetch(`${origin}/tools/notes`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body: new URLSearchParams({ title }),
        });
      const attack = await post(`attack ${name}`, { origin: `http://127.0.0.1:${port + 1}`, 'sec-fetch-site': 'same-site' });
      expect(attack.status).toBe(403);
      const oldBrowser = await post(`old browser ${name}`, { origin: `http://localhost:${port}` });
      expect(oldBrowser.status).toBe(403);
      expect((await post(`own page ${name}`, { origin, 'sec-fetch-site': 'same-origin' })).status).toBe(201);
      expect((await post(`curl ${name}`, {})).status).toBe(201);
      expect((await post(`old own page ${name}`, { origin })).status).toBe(201);

      const titles = (await (
        await fetch(`${origin}/tools/notes`, { headers: { origin: 'http://evil.test', 'sec-fetch-site': 'cross-site' } })
      ).json()) as string[];
      expect(titles).toEqual(expect.arrayContaining([`own page ${name}`, `curl ${name}`, `old own page ${name}`]));
      expect(titles.filter((t) => t.includes('attack') || t.includes('old browser'))).toEqual([]);
    });
  }
});
