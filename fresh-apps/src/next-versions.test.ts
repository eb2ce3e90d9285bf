/**
 * Compressing apps under other Next versions of `@graft/next`'s peer range, in fresh apps outside
 * the workspace with Graft installed from the packed tarballs: Next 16.5.0 (seen compressing a
 * route handler's already compressed body a second time) and the newest Next 15. Each app mounts
 * Express with `compression()` (a whole body and a streamed one) and Koa with `koa-compress`; it
 * is built and served with `next start`, then with `next dev`. A raw-socket client asks with and
 * without `Accept-Encoding: gzip, br`: the answer must name at most one coding and decode, once,
 * to exactly the bytes the apps sent; without the header it must be those bytes as they are.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { copyTemplate, type TemplateApp } from './fresh-app.js';
import { freePort, type RunningServer, startServer, terminalEnv } from './processes.js';
import { REPO_ROOT } from './readme.js';
import { decodeBody, headerValues, type RawResponse, rawGet } from './test-support/raw-http.js';

/**
 * The Next versions under test, each in the starter its `create-next-app` makes, and whether Next
 * itself compresses a route handler's answer (its `compress` option, on by default). Next 15.5
 * does not: it sends the handler's body as it is, and drops a `Content-Encoding` the handler set
 * (so without the identity request of `@graft/next`, an app's brotli bytes arrive unlabelled).
 */
const VERSIONS = [
  { next: '16.5.0', template: 'next16', cacheComponents: true, nextCompresses: true },
  // `npm view next@15 version`, newest: 15.5.29. Next 15 knows no `cacheComponents`.
  { next: '15.5.29', template: 'next15', cacheComponents: false, nextCompresses: false },
] as const;

/** The bytes both apps send: about 22 kB of text (some of it not ASCII), above the apps' 1 kB thresholds. */
const BODY = Array.from({ length: 400 }, (_, i) => `line ${i}: graft sends this through Next unchanged — é\n`).join('');
const EXPECTED = Buffer.from(BODY, 'utf8');

/** The mounted paths: Express's whole body, Express's body written in two pieces, Koa's body. */
const PATHS = ['/express/text', '/express/stream', '/koa/text'];

const TARBALLS = ['graft-core-0.1.0.tgz', 'graft-next-0.1.0.tgz'].map((file) => join(REPO_ROOT, 'packs', file));

/** The app's files: the body, one route per app, and `next.config.ts` with `withGraft`. */
function appFiles(cacheComponents: boolean): Record<string, string> {
  return {
    'app-body.ts': `// The bytes both mounted apps send.\nexport const BODY = ${JSON.stringify(BODY)};\n`,
    'app/express/[[...path]]/route.ts': `import { mount } from '@graft/next';
import compression from 'compression';
import express from 'express';
import { BODY } from '@/app-body';

const app = express();
app.use(compression());
app.get('/text', (_req, res) => {
  res.type('text/plain').send(BODY);
});
// Written in two pieces, so compression() cannot know the length up front.
app.get('/stream', (_req, res) => {
  res.type('text/plain');
  const half = Math.floor(BODY.length / 2);
  res.write(BODY.slice(0, half));
  setImmediate(() => res.end(BODY.slice(half)));
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = mount(app, { prefix: '/express' });
`,
    'app/koa/[[...path]]/route.ts': `import { mount } from '@graft/next';
import Koa from 'koa';
import compress from 'koa-compress';
import { BODY } from '@/app-body';

const app = new Koa();
app.use(compress());
app.use((ctx) => {
  ctx.type = 'text/plain';
  ctx.body = BODY;
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = mount(app, { prefix: '/koa' });
`,
    'next.config.ts': `import { withGraft } from '@graft/next/config';
import type { NextConfig } from 'next';

const nextConfig: NextConfig = {${cacheComponents ? '\n  cacheComponents: true,\n' : ''}};

export default withGraft(nextConfig, { mounts: ['/express', '/koa'] });
`,
  };
}

/** The body decoded once per announced coding, or why it cannot be. */
function decoded(response: RawResponse): Buffer | Error {
  try {
    return decodeBody(response);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** The headers worth quoting for one answer, and what its body decodes to, on one line. */
function describeAnswer(response: RawResponse): string {
  const shown = response.headers.filter(([name]) =>
    ['content-encoding', 'content-type', 'content-length', 'transfer-encoding', 'vary'].includes(name),
  );
  const body = decoded(response);
  const outcome =
    body instanceof Error
      ? `does not decode: ${body.message}`
      : `${body.length} bytes decoded, ${body.equals(EXPECTED) ? 'exact' : "NOT the apps' bytes"}`;
  return `${response.status} ${shown.map(([name, value]) => `${name}: ${value}`).join(' | ')} (${response.body.length} bytes on the wire, ${outcome})`;
}

/**
 * Asks every path with and without `Accept-Encoding: gzip, br`, prints what came back, then checks
 * it byte by byte.
 */
async function expectDecodableAnswers(
  label: string,
  origin: string,
  options: { nextCompresses: boolean; timeoutMs: number },
): Promise<void> {
  const { nextCompresses, timeoutMs } = options;
  const answers: Array<{ path: string; compressed: RawResponse; plain: RawResponse }> = [];
  for (const path of PATHS) {
    const compressed = await rawGet(origin, path, { 'Accept-Encoding': 'gzip, br' }, timeoutMs);
    const plain = await rawGet(origin, path, {}, timeoutMs);
    answers.push({ path, compressed, plain });
  }
  console.log(
    [
      `${label}:`,
      ...answers.flatMap(({ path, compressed, plain }) => [
        `  GET ${path}, Accept-Encoding: gzip, br -> ${describeAnswer(compressed)}`,
        `  GET ${path}, no Accept-Encoding -> ${describeAnswer(plain)}`,
      ]),
    ].join('\n'),
  );
  for (const { path, compressed, plain } of answers) {
    expect(compressed.status, `${label} ${path}`).toBe(200);
    const codings = headerValues(compressed, 'content-encoding');
    if (nextCompresses) {
      // One coding, one the client accepts, and compressed on the wire.
      expect(codings, `${label} ${path}: Content-Encoding`).toHaveLength(1);
      expect(['gzip', 'br'], `${label} ${path}: Content-Encoding`).toContain(codings[0]);
      expect(compressed.body.length, `${label} ${path}: compressed on the wire`).toBeLessThan(EXPECTED.length);
    } else {
      expect(codings, `${label} ${path}: no Content-Encoding (this Next does not compress route handlers)`).toEqual([]);
    }
    // Decoded once per announced coding, as a browser does: exactly the apps' bytes.
    const body = decoded(compressed);
    expect(body instanceof Error ? body.message : body.equals(EXPECTED), `${label} ${path}: decoded, the apps' bytes`).toBe(true);

    expect(plain.status, `${label} ${path}`).toBe(200);
    expect(headerValues(plain, 'content-encoding'), `${label} ${path}: no Content-Encoding`).toEqual([]);
    expect(plain.body.equals(EXPECTED), `${label} ${path}: the apps' bytes as they are`).toBe(true);
  }
}

describe.each(VERSIONS)(
  'a fresh app on Next $next with compressing Express and Koa apps mounted',
  ({ next, template, cacheComponents, nextCompresses }) => {
    let app: TemplateApp;
    const servers: RunningServer[] = [];

    beforeAll(async () => {
      app = copyTemplate(template);
      await app.run(
        [
          `npm install ${TARBALLS.join(' ')} next@${next} express compression koa koa-compress`,
          'npm install --save-dev @types/express @types/compression @types/koa @types/koa-compress',
        ].join('\n'),
        240_000,
      );
      for (const [path, content] of Object.entries(appFiles(cacheComponents))) app.write(path, content);
    });

    afterAll(async () => {
      await Promise.all(servers.map((server) => server.stop()));
      app?.remove();
    });

    it(`installs next@${next} and the tarballs`, () => {
      const installed = JSON.parse(readFileSync(join(app.dir, 'node_modules/next/package.json'), 'utf8')) as { version: string };
      expect(installed.version).toBe(next);
      expect(app.dependencies()).toMatchObject({
        '@graft/core': expect.stringMatching(/^file:.*packs\/graft-core-0\.1\.0\.tgz$/),
        '@graft/next': expect.stringMatching(/^file:.*packs\/graft-next-0\.1\.0\.tgz$/),
      });
      expect(app.isLinked('node_modules/@graft/next')).toBe(false);
    });

    it('builds for production', async () => {
      const output = await app.run('npm run build', 240_000);
      expect(output).toMatch(/\/express\/\[\[\.\.\.path\]\]/);
      expect(output).toMatch(/\/koa\/\[\[\.\.\.path\]\]/);
    }, 300_000);

    it.each(['start', 'dev'] as const)(
      "next %s: gzip, br and plain clients get the apps' exact bytes, compressed at most once",
      async (script) => {
        const port = await freePort();
        const running = await startServer({
          cwd: app.dir,
          script,
          args: ['-H', '127.0.0.1', '-p', String(port)],
          env: terminalEnv(),
          port,
          ready: /Ready in/,
          timeoutMs: 90_000,
        });
        servers.push(running);
        onTestFinished(() => running.stop());
        // The dev server compiles each route on its first request.
        await expectDecodableAnswers(`next ${script} (Next ${next})`, `http://127.0.0.1:${port}`, {
          nextCompresses,
          timeoutMs: script === 'dev' ? 90_000 : 20_000,
        });
      },
      300_000,
    );
  },
);
