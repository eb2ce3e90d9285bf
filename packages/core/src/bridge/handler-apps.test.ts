/**
 * The Node apps that are neither a function nor Koa/Fastify/`http.Server`: tinyhttp's `App` and
 * polka, served through their `handler(req, res)`, and h3 v1, served through its
 * `toNodeListener(app)`. Each sees the path below the mount, the full URL where it keeps one,
 * `req.graft`, and its own error handling; what it does not handle itself reaches `onError`.
 */

import type { IncomingMessage } from 'node:http';
import { App as TinyApp } from '@tinyhttp/app';
import {
  createError,
  createApp as createH3v1App,
  createRouter as createH3v1Router,
  defineEventHandler,
  getRequestURL,
  readBody,
  setCookie,
  toNodeListener,
} from 'h3v1';
import polka from 'polka';
import { describe, expect, it, vi } from 'vitest';
import { type CallNodeAppOptions, callNodeApp, type FetchErrorInfo, getGraftContext, type NodeApp } from '../index.js';
import { sizedRequest } from '../test-support/requests.js';

const ORIGIN = 'https://apps.example';

function call(app: NodeApp, path: string, options: CallNodeAppOptions = {}, init?: RequestInit): Promise<Response> {
  return callNodeApp(app, new Request(ORIGIN + path, init), { mountPath: '/tools', ...options });
}

function errorLog() {
  const calls: [unknown, FetchErrorInfo][] = [];
  return { calls, onError: (error: unknown, info: FetchErrorInfo) => void calls.push([error, info]) };
}

const graftOf = (req: IncomingMessage) => {
  const graft = getGraftContext(req);
  return { mountPath: graft?.mountPath, pathInfo: graft?.pathInfo, identity: graft?.identity ?? null, locals: graft?.locals };
};

describe('tinyhttp App through its handler', () => {
  function tinyApp() {
    const app = new TinyApp();
    app.get('/notes/:id', (req, res) => void res.json({ path: req.path, params: req.params, query: req.query, graft: graftOf(req) }));
    app.post('/notes', async (req, res) => {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      res.status(201).json({ received: JSON.parse(body) });
    });
    app.get('/fail', () => {
      throw new Error('broken note');
    });
    return app;
  }

  it('routes on the path below the mount, with params, query and req.graft', async () => {
    const response = await call(tinyApp(), '/tools/notes/7?sort=asc', { identity: 'alice', locals: { a: 1 } });
    expect(await response.json()).toEqual({
      path: '/notes/7',
      params: { id: '7' },
      query: { sort: 'asc' },
      graft: { mountPath: '/tools', pathInfo: '/notes/7', identity: { id: 'alice' }, locals: { a: 1 } },
    });
  });

  it('takes a JSON POST and answers with its own status', async () => {
    const request = sizedRequest(`${ORIGIN}/tools/notes`, { body: '{"text":"hi"}', headers: { 'content-type': 'application/json' } });
    const response = await callNodeApp(tinyApp(), request, { mountPath: '/tools' });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ received: { text: 'hi' } });
  });

  it('answers unmatched paths with its own 404 and errors with its own 500; Graft’s onError is not needed', async () => {
    // tinyhttp's default error handler prints the error.
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const log = errorLog();
    const missing = await call(tinyApp(), '/tools/nope', { onError: log.onError });
    expect(missing.status).toBe(404);
    const failed = await call(tinyApp(), '/tools/fail', { onError: log.onError });
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe('broken note');
    expect(log.calls).toEqual([]);
    expect(printed).toHaveBeenCalledWith(expect.objectContaining({ message: 'broken note' }));
    printed.mockRestore();
  });
});

describe('polka through its handler', () => {
  function polkaApp() {
    return polka()
      .get('/notes/:id', (req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({ path: req.path, baseUrl: req.baseUrl, originalUrl: req.originalUrl, params: req.params, graft: graftOf(req) }),
        );
      })
      .get('/fail', () => {
        throw new Error('polka route threw');
      });
  }

  it('routes on the path below the mount, keeping baseUrl and originalUrl', async () => {
    const response = await call(polkaApp(), '/tools/notes/7?x=1', { identity: 'bob' });
    expect(await response.json()).toEqual({
      path: '/notes/7',
      baseUrl: '/tools',
      originalUrl: '/tools/notes/7?x=1',
      params: { id: '7' },
      graft: { mountPath: '/tools', pathInfo: '/notes/7', identity: { id: 'bob' }, locals: {} },
    });
  });

  it('answers unmatched paths with its own 404; a route that throws (polka 0.5 does not catch it) gets Graft’s 500 and onError', async () => {
    const log = errorLog();
    expect((await call(polkaApp(), '/tools/nope', { onError: log.onError })).status).toBe(404);
    const request = new Request(`${ORIGIN}/tools/fail`);
    const failed = await callNodeApp(polkaApp(), request, { mountPath: '/tools', onError: log.onError });
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe('Internal Server Error');
    expect(log.calls).toHaveLength(1);
    expect(log.calls[0]![0]).toMatchObject({ message: 'polka route threw' });
    expect(log.calls[0]![1]).toEqual({ where: 'app', request, headersSent: false });
  });
});

describe('h3 v1 through toNodeListener(app)', () => {
  function h3App() {
    const router = createH3v1Router()
      .get(
        '/notes/:id',
        defineEventHandler((event) => {
          setCookie(event, 'seen', event.context.params?.id ?? '');
          setCookie(event, 'theme', 'dark');
          return { path: event.path, url: getRequestURL(event).href, params: event.context.params, graft: graftOf(event.node.req) };
        }),
      )
      .post(
        '/notes',
        defineEventHandler(async (event) => ({ received: await readBody(event) })),
      )
      .get(
        '/teapot',
        defineEventHandler(() => {
          throw createError({ statusCode: 418, statusMessage: 'Teapot' });
        }),
      );
    return toNodeListener(createH3v1App().use(router));
  }

  it('routes on the path below the mount, knows the full URL, and keeps its cookies apart', async () => {
    const response = await call(h3App(), '/tools/notes/7?x=1', { identity: 'carol' });
    expect(response.headers.getSetCookie()).toEqual(['seen=7; Path=/', 'theme=dark; Path=/']);
    expect(await response.json()).toEqual({
      path: '/notes/7?x=1',
      url: 'https://apps.example/tools/notes/7?x=1',
      params: { id: '7' },
      graft: { mountPath: '/tools', pathInfo: '/notes/7', identity: { id: 'carol' }, locals: {} },
    });
  });

  it('reads a JSON body', async () => {
    const request = sizedRequest(`${ORIGIN}/tools/notes`, { body: '{"n":1}', headers: { 'content-type': 'application/json' } });
    expect(await (await callNodeApp(h3App(), request, { mountPath: '/tools' })).json()).toEqual({ received: { n: 1 } });
  });

  it('answers its own errors (createError) itself', async () => {
    const onError = vi.fn();
    const response = await call(h3App(), '/tools/teapot', { onError });
    expect(response.status).toBe(418);
    expect(await response.json()).toMatchObject({ statusCode: 418, statusMessage: 'Teapot' });
    expect(onError).not.toHaveBeenCalled();
  });
});
