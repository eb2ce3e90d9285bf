/**
 * Compressed answers of mounted apps in a real Next server, at the byte level: the fixture in
 * test-fixtures/compression-app mounts Express with `compression()` and Koa with `koa-compress`;
 * it is built and run with `next start`, and run with `next dev`. A raw-socket client asks with
 * and without `Accept-Encoding: gzip, br` and checks that the body, decoded once per announced
 * coding as a browser would, is exactly the bytes the apps sent. (Without the identity request of
 * content-coding.ts, Next labels the app's brotli bytes, gzipped again, as `gzip` only.)
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNextApp, type RunningNextApp, runNextApp } from './test-support/next-app.js';
import { decodeBody, headerValues, rawGet } from './test-support/raw-socket.js';

const fixture = fileURLToPath(new URL('../test-fixtures/compression-app', import.meta.url));
const bodyModule = new URL('../test-fixtures/compression-app/app/body.js', import.meta.url).href;

let expected: Buffer;
const servers: Partial<Record<'start' | 'dev', RunningNextApp>> = {};

beforeAll(async () => {
  expected = Buffer.from(((await import(bodyModule)) as { BODY: string }).BODY);
  const build = await buildNextApp(fixture);
  if (build.code !== 0) throw new Error(`next build failed:\n${build.output}`);
  servers.start = await runNextApp(fixture, 'start');
  // Next 16's dev server writes to .next/dev, beside the production build.
  servers.dev = await runNextApp(fixture, 'dev');
}, 300_000);

afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.stop()));
});

describe.each(['start', 'dev'] as const)('next %s', (mode) => {
  const paths = ['/express/text', '/express/stream', '/koa'];

  it.each(paths)('%s reaches a gzip/br client compressed once, in a coding it accepts, decoding to the exact bytes', async (path) => {
    const response = await rawGet(servers[mode]!.origin, path, { 'Accept-Encoding': 'gzip, br' });
    expect(response.status).toBe(200);
    const codings = headerValues(response, 'content-encoding');
    expect(codings).toHaveLength(1);
    expect(['gzip', 'br']).toContain(codings[0]);
    // Compressed on the wire, and one decode gives the app's bytes.
    expect(response.body.length).toBeLessThan(expected.length);
    expect(decodeBody(response).equals(expected)).toBe(true);
  });

  it.each(paths)('%s reaches a client without Accept-Encoding as the plain bytes', async (path) => {
    const response = await rawGet(servers[mode]!.origin, path);
    expect(response.status).toBe(200);
    expect(headerValues(response, 'content-encoding')).toEqual([]);
    expect(response.body.equals(expected)).toBe(true);
  });
});
