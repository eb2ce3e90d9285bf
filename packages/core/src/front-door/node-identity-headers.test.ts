/**
 * Identity headers on a real `IncomingMessage` from Node's HTTP parser: client copies leave all
 * three header views, the trusted header appears in all three exactly once.
 */
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { protectedHeaderSet } from '../shared/identity.js';
import { orAfter } from '../test-support/deferred.js';
import { bodyOf, connectTo, rawRequest, startServer, type TestServer } from '../test-support/http-server.js';
import { addIdentityHeader, stripProtectedHeaders, stripProtectedTrailers } from './node-identity-headers.js';

let running: TestServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** The three header views after `edit`, as the server saw them. */
async function viewsAfter(edit: (req: IncomingMessage) => void, headerLines: string[]) {
  running = await startServer((req, res) => {
    edit(req);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ headers: req.headers, raw: req.rawHeaders, distinct: { ...req.headersDistinct } }));
  });
  const raw = await rawRequest(running.port, ['GET / HTTP/1.1', 'Host: 127.0.0.1', ...headerLines]);
  return JSON.parse(bodyOf(raw)) as {
    headers: Record<string, string>;
    raw: string[];
    distinct: Record<string, string[]>;
  };
}

const HOSTILE = [
  'X-Remote-User: mallory',
  'remote_user: mallory',
  'REMOTE-USER: mallory',
  'X_Forwarded_User: mallory',
  'x-forwarded-email: m@evil.example',
  'X-Graft-User: mallory',
  'x_tenant_user: mallory',
  'X-Other: kept',
  'x-remote-user: mallory-again',
];

describe('stripProtectedHeaders', () => {
  it('removes every client copy, any case, _ for -, from headers, rawHeaders and headersDistinct', async () => {
    const names = protectedHeaderSet('X-Tenant-User');
    const views = await viewsAfter((req) => stripProtectedHeaders(req, names), HOSTILE);
    const rawNames = views.raw.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
    expect(rawNames).toEqual(['host', 'x-other', 'connection']);
    expect(Object.keys(views.headers).sort()).toEqual(['connection', 'host', 'x-other']);
    expect(Object.keys(views.distinct).sort()).toEqual(['connection', 'host', 'x-other']);
    expect(views.raw).not.toContain('mallory');
    expect(views.headers['x-other']).toBe('kept');
  });

  it('leaves a clean request untouched', async () => {
    const views = await viewsAfter((req) => stripProtectedHeaders(req, protectedHeaderSet(undefined)), ['X-Other: 1', 'X-Other: 2']);
    expect(views.raw).toEqual(['Host', '127.0.0.1', 'X-Other', '1', 'X-Other', '2', 'Connection', 'close']);
    expect(views.distinct['x-other']).toEqual(['1', '2']);
  });
});

describe('addIdentityHeader', () => {
  it('adds the trusted header once to all three views after the client copies are gone', async () => {
    const names = protectedHeaderSet('X-Remote-User');
    const views = await viewsAfter((req) => {
      stripProtectedHeaders(req, names);
      addIdentityHeader(req, 'X-Remote-User', 'alice');
    }, HOSTILE);
    expect(views.headers['x-remote-user']).toBe('alice');
    expect(views.distinct['x-remote-user']).toEqual(['alice']);
    const pairs = views.raw.flatMap((v, i) => (i % 2 === 0 ? [[v, views.raw[i + 1]]] : []));
    // Only the defaults and the configured header are protected; x_tenant_user is not here.
    expect(pairs.filter(([n]) => /remote|forwarded|graft/i.test(n!))).toEqual([['X-Remote-User', 'alice']]);
    expect(views.headers.x_tenant_user).toBe('mallory');
  });
});

describe('stripProtectedTrailers', () => {
  /** The trailer views once the body is read, after `edit` ran before the app read anything. */
  async function trailersAfter(edit: (req: IncomingMessage) => void, head: string[], trailers: string[]) {
    running = await startServer((req, res) => {
      edit(req);
      const before = { ...req.trailers };
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ before, trailers: req.trailers, raw: req.rawTrailers, distinct: req.trailersDistinct }));
      });
    });
    const socket = await connectTo(running.port);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const closed = new Promise<string>((resolve) => socket.once('close', () => resolve('closed')));
    socket.write([...head, 'Connection: close', '', ...['3', 'abc', '0'], ...trailers, '', ''].join('\r\n'));
    expect(await orAfter(closed, 5000, 'open')).toBe('closed');
    return JSON.parse(bodyOf(Buffer.concat(chunks).toString('latin1'))) as {
      before: object;
      trailers: Record<string, string>;
      raw: string[];
      distinct: Record<string, string[]>;
    };
  }
  const CHUNKED = ['POST / HTTP/1.1', 'Host: 127.0.0.1', 'Transfer-Encoding: chunked'];

  it('keeps protected fields out of the trailers Node sets when the body ends, in all three views', async () => {
    const names = protectedHeaderSet('X-Tenant-User');
    const views = await trailersAfter((req) => stripProtectedTrailers(req, names), CHUNKED, [
      'X-Remote-User: mallory',
      'x_tenant_user: mallory',
      'Set-Cookie: a=1',
      'Set-Cookie: b=2',
      'X-Sum: 1',
      'X-Sum: 2',
    ]);
    expect(views.before).toEqual({});
    expect(views.raw).toEqual(['Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'X-Sum', '1', 'X-Sum', '2']);
    // Built as Node builds them: set-cookie an array, other repeats joined.
    expect(views.trailers).toEqual({ 'set-cookie': ['a=1', 'b=2'], 'x-sum': '1, 2' });
    expect(views.distinct).toEqual({ 'set-cookie': ['a=1', 'b=2'], 'x-sum': ['1', '2'] });
  });

  it('leaves a request without a chunked body untouched', async () => {
    running = await startServer((req, res) => {
      stripProtectedTrailers(req, protectedHeaderSet(undefined));
      res.end(JSON.stringify(Object.getOwnPropertyNames(req).filter((n) => /trailers/i.test(n))));
    });
    const raw = await rawRequest(running.port, ['GET / HTTP/1.1', 'Host: 127.0.0.1']);
    // rawTrailers is Node's own data property; no accessors were added.
    expect(JSON.parse(bodyOf(raw))).toEqual(['rawTrailers']);
  });
});
