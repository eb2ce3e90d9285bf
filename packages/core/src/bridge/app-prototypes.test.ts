/**
 * Express re-parents `req` and `res` onto its app's prototypes; the bridge builds them there from
 * the start, so that V8 keeps their hidden classes shared from request to request.
 */
import { IncomingMessage, type ServerResponse } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import express from 'express';
import express4 from 'express4';
import { describe, expect, it } from 'vitest';
import { appPrototypes, constructOn } from './app-prototypes.js';
import { callNodeApp } from './call-node-app.js';

setFlagsFromString('--allow-natives-syntax');
/** V8's own answer to "do these two objects have the same hidden class?". */
const sameHiddenClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

type Seen = { req: IncomingMessage; res: ServerResponse };

describe.each([
  ['Express 5', express],
  ['Express 4', express4 as unknown as typeof express],
])('%s', (_name, makeExpress) => {
  it('gets req and res built on app.request and app.response, with hidden classes shared from call to call', async () => {
    const app = makeExpress();
    const seen: Seen[] = [];
    app.use((req, _res, next) => {
      req.params ??= {};
      next();
    });
    app.get('/hello', (req, res) => {
      seen.push({ req, res });
      res.set('x-n', String(seen.length)).send('hello');
    });
    const prototypes = appPrototypes(app);
    expect(prototypes?.request).toBe(app.request);
    expect(prototypes?.response).toBe(app.response);
    for (let i = 0; i < 3; i++) {
      const response = await callNodeApp(app, new Request('http://host.test/hello'));
      expect(await response.text()).toBe('hello');
    }
    const [, second, third] = seen as [Seen, Seen, Seen];
    expect(Object.getPrototypeOf(third.req)).toBe(app.request);
    expect(sameHiddenClass(second.req, third.req)).toBe(true);
    expect(sameHiddenClass(second.res, third.res)).toBe(true);
  });
});

describe('appPrototypes', () => {
  it('is undefined for a listener that is not an Express app', () => {
    expect(appPrototypes((_req, res) => res.end())).toBeUndefined();
    const lookalike = Object.assign((_req: IncomingMessage, res: ServerResponse) => res.end(), { request: {}, response: {} });
    expect(appPrototypes(lookalike)).toBeUndefined();
  });

  it('is undefined once Express’s prototypes no longer lead to Node’s classes, and the call still runs', async () => {
    const app = express();
    app.get('/', (_req, res) => res.send('ok'));
    const request = Object.getPrototypeOf(app.request) as object;
    const original = Object.getPrototypeOf(request) as object;
    const elsewhere = Object.create(Object.getPrototypeOf(IncomingMessage.prototype) as object) as object;
    Object.setPrototypeOf(request, elsewhere);
    try {
      expect(appPrototypes(app)).toBeUndefined();
    } finally {
      Object.setPrototypeOf(request, original);
    }
    expect(appPrototypes(app)).toBeDefined();
    expect(await (await callNodeApp(app, new Request('http://host.test/'))).text()).toBe('ok');
  });
});

describe('constructOn', () => {
  it('initialises the object as new would, on the given prototype', () => {
    const proto = Object.create(IncomingMessage.prototype) as object;
    const req = constructOn(IncomingMessage, [null], proto);
    expect(Object.getPrototypeOf(req)).toBe(proto);
    expect(req.readable).toBe(true);
    expect(req.headers).toEqual({});
  });

  it('falls back to new for a class, which cannot be called', () => {
    class Point {
      x = 1;
    }
    const made = constructOn(Point, [], Object.create(Point.prototype) as object);
    expect(made).toBeInstanceOf(Point);
    expect(made.x).toBe(1);
  });
});
