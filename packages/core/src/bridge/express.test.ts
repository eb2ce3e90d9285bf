/**
 * Express 4 and 5 run through `callNodeApp` as they run behind `http.createServer`: real
 * `req`/`res` after Express re-parents them, Express's own routing, 404s, 500s, body parsers,
 * files, cookies and redirects under the mount prefix, and the host's identity.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express5 from 'express';
import express4 from 'express4';
import multer from 'multer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallNodeAppOptions, callNodeApp, getGraftContext, InvalidIdentityError } from '../index.js';
import { randomData, sha256, sizedRequest, streamedRequest } from '../test-support/requests.js';

const ORIGIN = 'https://shop.example:8443';
const MOUNT = '/tools';

/** Calls `app` for `ORIGIN + path`, mounted at `/tools` unless the options say otherwise. */
function call(app: Parameters<typeof callNodeApp>[0], request: Request | string, options: CallNodeAppOptions = {}): Promise<Response> {
  const req = typeof request === 'string' ? new Request(ORIGIN + request) : request;
  return callNodeApp(app, req, { mountPath: MOUNT, ...options });
}

/** Records calls of the `onError` hook: Express must handle its own errors, so it stays empty. */
function errorLog(): { errors: unknown[]; onError: (error: unknown) => void } {
  const errors: unknown[] = [];
  return { errors, onError: (error) => void errors.push(error) };
}

let tmp: string;
let file: string;
let fileBytes: Uint8Array;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'graft-express-'));
  file = join(tmp, 'picture.png');
  fileBytes = randomData(200 * 1024 + 17);
  await writeFile(file, fileBytes);
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe.each([
  { name: 'Express 5', express: express5, major: 5 },
  { name: 'Express 4', express: express4, major: 4 },
])('$name through callNodeApp', ({ express, major }) => {
  it('gives the app real IncomingMessage/ServerResponse instances after Express re-parents them', async () => {
    const app = express();
    app.get('/kind', (req, res) => {
      res.json({
        reparented: Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response,
        req: req instanceof IncomingMessage,
        res: res instanceof ServerResponse,
        pair: res.req === req,
      });
    });
    const response = await call(app, '/tools/kind');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ reparented: true, req: true, res: true, pair: true });
  });

  it('derives req.ip, req.protocol, req.secure and req.hostname from the call', async () => {
    const app = express();
    app.get('/where', (req, res) => {
      res.json({ ip: req.ip, protocol: req.protocol, secure: req.secure, hostname: req.hostname, host: req.get('host') });
    });
    const secure = await call(app, '/tools/where', { remoteAddress: '203.0.113.7', remotePort: 51234 });
    expect(await secure.json()).toEqual({
      ip: '203.0.113.7',
      protocol: 'https',
      secure: true,
      hostname: 'shop.example',
      host: 'shop.example:8443',
    });

    const plain = await callNodeApp(app, new Request('http://internal:3000/tools/where', { headers: { host: 'public.example' } }), {
      mountPath: MOUNT,
      remoteAddress: '2001:db8::1',
    });
    expect(await plain.json()).toEqual({
      ip: '2001:db8::1',
      protocol: 'http',
      secure: false,
      hostname: 'public.example',
      host: 'public.example',
    });
  });

  it('sets req.baseUrl to the mount path and req.originalUrl to the full path', async () => {
    const app = express();
    app.get('/notes/:id', (req, res) => {
      res.json({ baseUrl: req.baseUrl, originalUrl: req.originalUrl, url: req.url, path: req.path, id: req.params.id });
    });
    const response = await call(app, '/tools/notes/7?sort=new');
    expect(await response.json()).toEqual({
      baseUrl: '/tools',
      originalUrl: '/tools/notes/7?sort=new',
      url: '/notes/7?sort=new',
      path: '/notes/7',
      id: '7',
    });
  });

  it('gives a router mounted inside the app req.baseUrl = mount + its own path', async () => {
    const app = express();
    const router = express.Router();
    router.get('/where', (req, res) => {
      res.json({ baseUrl: req.baseUrl, originalUrl: req.originalUrl, url: req.url });
    });
    app.use('/sub', router);
    const response = await call(app, '/tools/sub/where?q=1');
    expect(await response.json()).toEqual({
      baseUrl: '/tools/sub',
      originalUrl: '/tools/sub/where?q=1',
      url: '/where?q=1',
    });
  });

  it('keeps redirects built from req.baseUrl under the prefix', async () => {
    const app = express();
    app.get('/private', (req, res) => res.redirect(`${req.baseUrl}/login?next=${encodeURIComponent(req.originalUrl)}`));
    const response = await call(app, '/tools/private');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/tools/login?next=%2Ftools%2Fprivate');
  });

  // Express 5 dropped the 'back' shortcut (it would redirect to a literal "back").
  if (major === 4)
    it("sends res.redirect('back') to the Referer under the prefix", async () => {
      const app = express();
      app.post('/save', (_req, res) => res.redirect('back'));
      const request = new Request(`${ORIGIN}/tools/save`, {
        method: 'POST',
        headers: { referer: `${ORIGIN}/tools/notes/7` },
      });
      const response = await call(app, request);
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(`${ORIGIN}/tools/notes/7`);
    });

  it("answers an unknown route with Express's own 404 page", async () => {
    const app = express();
    app.get('/known', (_req, res) => res.send('known'));
    const log = errorLog();
    const response = await call(app, '/tools/nope', { onError: log.onError });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const body = await response.text();
    expect(body).toContain('<!DOCTYPE html>');
    expect(body).toContain('<pre>Cannot GET /tools/nope</pre>');
    expect(log.errors).toEqual([]);
  });

  it("answers a route that throws with Express's own 500 page", async () => {
    const app = express();
    app.get('/throws', () => {
      throw new Error('boom from the route');
    });
    const log = errorLog();
    const response = await call(app, '/tools/throws', { onError: log.onError });
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const body = await response.text();
    expect(body).toContain('<!DOCTYPE html>');
    expect(body).toContain('Error: boom from the route');
    expect(log.errors).toEqual([]);
  });

  it("answers next(err) with Express's own error page and the error's status", async () => {
    const app = express();
    app.get('/next', (_req, _res, next) => next(new Error('passed along')));
    app.get('/teapot', (_req, _res, next) => next(Object.assign(new Error('short and stout'), { status: 418 })));
    const log = errorLog();

    const plain = await call(app, '/tools/next', { onError: log.onError });
    expect(plain.status).toBe(500);
    expect(await plain.text()).toContain('Error: passed along');

    // Only Express's handler knows about err.status; the bridge's fallback would say 500.
    const teapot = await call(app, '/tools/teapot', { onError: log.onError });
    expect(teapot.status).toBe(418);
    expect(await teapot.text()).toContain('Error: short and stout');
    expect(log.errors).toEqual([]);
  });

  // Express 4 does not catch rejected handler promises.
  if (major === 5)
    it("answers an async handler's rejection with Express's own 500", async () => {
      const app = express();
      app.get('/async', async () => {
        await Promise.resolve();
        throw new Error('rejected later');
      });
      const log = errorLog();
      const response = await call(app, '/tools/async', { onError: log.onError });
      expect(response.status).toBe(500);
      expect(await response.text()).toContain('Error: rejected later');
      expect(log.errors).toEqual([]);
    });

  it('serves a real file with res.sendFile byte for byte, with its content type', async () => {
    const app = express();
    app.get('/file', (_req, res) => res.sendFile(file));
    const response = await call(app, '/tools/file');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-length')).toBe(String(fileBytes.byteLength));
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    const body = new Uint8Array(await response.arrayBuffer());
    expect(body.byteLength).toBe(fileBytes.byteLength);
    expect(sha256(body)).toBe(sha256(fileBytes));
  });

  it('answers a Range request for res.sendFile with 206 and the exact slice', async () => {
    const app = express();
    app.get('/file', (_req, res) => res.sendFile(file));
    const request = new Request(`${ORIGIN}/tools/file`, { headers: { range: 'bytes=1000-70999' } });
    const response = await call(app, request);
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 1000-70999/${fileBytes.byteLength}`);
    expect(response.headers.get('content-length')).toBe('70000');
    const body = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(body).equals(Buffer.from(fileBytes.subarray(1000, 71000)))).toBe(true);
  });

  it('sends each res.cookie as its own Set-Cookie header, verbatim', async () => {
    const app = express();
    app.get('/login', (_req, res) => {
      res.cookie('session', 'abc 123', { path: '/tools', httpOnly: true, sameSite: 'lax' });
      res.cookie('theme', 'dark');
      res.send('ok');
    });
    const response = await call(app, '/tools/login');
    expect(response.headers.getSetCookie()).toEqual(['session=abc%20123; Path=/tools; HttpOnly; SameSite=Lax', 'theme=dark; Path=/']);
  });

  describe('body parsers', () => {
    function echoApp(): ReturnType<typeof express> {
      const app = express();
      const framing = (req: IncomingMessage) => ({
        contentLength: req.headers['content-length'] ?? null,
        transferEncoding: req.headers['transfer-encoding'] ?? null,
      });
      app.post('/json', express.json(), (req, res) => res.json({ body: req.body, ...framing(req) }));
      app.post('/form', express.urlencoded({ extended: false }), (req, res) => res.json({ body: req.body, ...framing(req) }));
      return app;
    }
    const json = JSON.stringify({ title: 'Grüße', tags: ['a', 'b'], n: 42 });

    it('parses JSON from a streamed Request with no content-length', async () => {
      const request = streamedRequest(`${ORIGIN}/tools/json`, {
        headers: { 'content-type': 'application/json' },
        parts: [json.slice(0, 7), json.slice(7, 20), json.slice(20)],
      });
      const response = await call(echoApp(), request);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        body: JSON.parse(json),
        contentLength: null,
        transferEncoding: 'chunked',
      });
    });

    it('parses JSON from a Request with a content-length', async () => {
      const request = sizedRequest(`${ORIGIN}/tools/json`, {
        headers: { 'content-type': 'application/json' },
        body: json,
      });
      const response = await call(echoApp(), request);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        body: JSON.parse(json),
        contentLength: String(Buffer.byteLength(json)),
        transferEncoding: null,
      });
    });

    it('parses a urlencoded form from a streamed Request with no content-length', async () => {
      const request = streamedRequest(`${ORIGIN}/tools/form`, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        parts: ['name=Ad', 'a+Lovelace&note=1%2B1%3D2', '&empty='],
      });
      const response = await call(echoApp(), request);
      expect(await response.json()).toEqual({
        body: { name: 'Ada Lovelace', note: '1+1=2', empty: '' },
        contentLength: null,
        transferEncoding: 'chunked',
      });
    });

    it('parses a urlencoded form from a Request with a content-length', async () => {
      const request = sizedRequest(`${ORIGIN}/tools/form`, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=Ada+Lovelace&note=%C3%BC',
      });
      const response = await call(echoApp(), request);
      expect(await response.json()).toEqual({
        body: { name: 'Ada Lovelace', note: 'ü' },
        contentLength: '29',
        transferEncoding: null,
      });
    });

    it('answers a malformed JSON body with the parser’s own 400', async () => {
      const request = sizedRequest(`${ORIGIN}/tools/json`, {
        headers: { 'content-type': 'application/json' },
        body: '{"unterminated": ',
      });
      const response = await call(echoApp(), request);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('SyntaxError');
    });
  });

  describe('multer uploads', () => {
    function uploadApp(): ReturnType<typeof express> {
      const app = express();
      const upload = multer({ storage: multer.memoryStorage() });
      app.post('/upload', upload.single('file'), (req, res) => {
        const uploaded = req.file!;
        res.json({
          note: req.body.note,
          name: uploaded.originalname,
          type: uploaded.mimetype,
          size: uploaded.size,
          sha256: sha256(uploaded.buffer),
        });
      });
      return app;
    }

    it.each([
      { label: 'a small file', size: 10 * 1024 + 3 },
      { label: 'a ~5 MiB file', size: 5 * 1024 * 1024 + 11 },
    ])('receives $label intact from a FormData body', async ({ size }) => {
      const bytes = randomData(size);
      const form = new FormData();
      form.append('note', 'hello multipart');
      form.append('file', new Blob([bytes], { type: 'application/x-test' }), 'data.bin');
      const request = new Request(`${ORIGIN}/tools/upload`, { method: 'POST', body: form });
      const response = await call(uploadApp(), request);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        note: 'hello multipart',
        name: 'data.bin',
        type: 'application/x-test',
        size,
        sha256: sha256(bytes),
      });
    });
  });

  it('puts the call’s locals on res.locals', async () => {
    const app = express();
    app.get('/locals', (_req, res) => res.json({ theme: res.locals.theme, user: res.locals.user }));
    const response = await call(app, '/tools/locals', { locals: { theme: 'dark', user: { id: 7 } } });
    expect(await response.json()).toEqual({ theme: 'dark', user: { id: 7 } });
  });

  it('puts the identity on req.graft.identity', async () => {
    const app = express();
    app.get('/me', (req, res) => {
      res.json({ viaReq: (req as unknown as { graft: { identity: unknown } }).graft.identity, viaHelper: getGraftContext(req)?.identity });
    });
    const identity = { id: 'alice', name: 'Alice', email: 'alice@example.com', roles: ['admin'] };
    const signedIn = await call(app, '/tools/me', { identity });
    expect(await signedIn.json()).toEqual({ viaReq: identity, viaHelper: identity });

    const anonymous = await call(app, '/tools/me', { identity: null });
    expect(await anonymous.json()).toEqual({ viaReq: null, viaHelper: null });
  });

  describe('identity headers', () => {
    /** Client-sent claims to be someone else, in every spelling an app or proxy might honour. */
    const forged: [string, string][] = [
      ['X-Remote-User', 'mallory'],
      ['x-remote-user', 'mallory2'],
      ['x_remote_user', 'mallory3'],
      ['Remote-User', 'mallory4'],
      ['remote_user', 'mallory5, mallory6'],
      ['X-Forwarded-User', 'mallory7'],
      ['x-forwarded-email', 'mallory@example.com'],
      ['X_Forwarded_User', 'mallory8'],
      ['x-unrelated', 'kept'],
    ];
    const identityNames = ['x-remote-user', 'remote-user', 'x-forwarded-user', 'x-forwarded-email'];

    function headerApp(): ReturnType<typeof express> {
      const app = express();
      app.get('/headers', (req, res) => {
        res.json({
          header: req.get('x-remote-user') ?? null,
          distinct: req.headersDistinct['x-remote-user'] ?? null,
          headers: req.headers,
          raw: req.rawHeaders,
        });
      });
      return app;
    }
    type Seen = { header: string | null; distinct: string[] | null; headers: Record<string, string>; raw: string[] };

    /** Header names the app received that an identity could travel in (any case, `_` or `-`). */
    function identityFields(seen: Seen): { parsed: string[]; raw: string[] } {
      const canonical = (n: string) => n.toLowerCase().replaceAll('_', '-');
      return {
        parsed: Object.keys(seen.headers).filter((n) => identityNames.includes(canonical(n))),
        raw: seen.raw.filter((_v, i) => i % 2 === 0).filter((n) => identityNames.includes(canonical(n))),
      };
    }

    it("delivers only the host's id in identityHeader and strips every client copy", async () => {
      const request = new Request(`${ORIGIN}/tools/headers`, { headers: forged });
      const response = await call(headerApp(), request, { identity: { id: 'alice' }, identityHeader: 'x-remote-user' });
      const seen = (await response.json()) as Seen;
      expect(seen.header).toBe('alice');
      expect(seen.distinct).toEqual(['alice']);
      expect(identityFields(seen)).toEqual({ parsed: ['x-remote-user'], raw: ['x-remote-user'] });
      expect(seen.raw.filter((v) => v.includes('mallory'))).toEqual([]);
      expect(seen.headers['x-unrelated']).toBe('kept');
    });

    it('strips client copies of a custom identityHeader in any spelling', async () => {
      const app = express();
      app.get('/headers', (req, res) => res.json({ user: req.get('x-tenant-user') ?? null, raw: req.rawHeaders }));
      const request = new Request(`${ORIGIN}/tools/headers`, {
        headers: [
          ['X-Tenant-User', 'mallory'],
          ['x_tenant_user', 'mallory2'],
        ],
      });
      const response = await call(app, request, { identity: 'bob', identityHeader: 'X-Tenant-User' });
      const seen = (await response.json()) as { user: string; raw: string[] };
      expect(seen.user).toBe('bob');
      expect(seen.raw.filter((v) => v.includes('mallory'))).toEqual([]);
    });

    it('gives an anonymous request none of the identity headers, parsed or raw', async () => {
      const request = new Request(`${ORIGIN}/tools/headers`, { headers: forged });
      const response = await call(headerApp(), request, { identity: null, identityHeader: 'x-remote-user' });
      const seen = (await response.json()) as Seen;
      expect(seen.header).toBeNull();
      expect(seen.distinct).toBeNull();
      expect(identityFields(seen)).toEqual({ parsed: [], raw: [] });
      expect(seen.raw.filter((v) => v.includes('mallory'))).toEqual([]);
      expect(seen.headers['x-unrelated']).toBe('kept');
    });

    it('strips the protected headers even without an identityHeader', async () => {
      const request = new Request(`${ORIGIN}/tools/headers`, { headers: forged });
      const response = await call(headerApp(), request, { identity: 'alice' });
      const seen = (await response.json()) as Seen;
      expect(identityFields(seen)).toEqual({ parsed: [], raw: [] });
      expect(seen.headers['x-unrelated']).toBe('kept');
    });

    it('rejects an id with CR/LF with InvalidIdentityError before the app runs', async () => {
      let calls = 0;
      const app = express();
      app.use((_req, res) => {
        calls++;
        res.send('ran');
      });
      for (const id of ['alice\r\nx-admin: yes', 'alice\nx', 'alice\rx']) {
        await expect(call(app, '/tools/x', { identity: { id }, identityHeader: 'x-remote-user' })).rejects.toBeInstanceOf(
          InvalidIdentityError,
        );
      }
      expect(calls).toBe(0);
      // The same app does run for a clean id, so the count above means "rejected first".
      await call(app, '/tools/x', { identity: 'alice', identityHeader: 'x-remote-user' });
      expect(calls).toBe(1);
    });
  });
});
