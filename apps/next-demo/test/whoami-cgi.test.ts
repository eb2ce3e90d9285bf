/**
 * The demo's Perl CGI page (cgi-bin/whoami.pl) reads the request body as it arrives, never whole
 * (issue 13, item 10): run by the real cgi() gateway on a loopback server with its address space
 * capped well below the body's size, it still answers with the body's length and SHA-256.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { cgi } from '@graft/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPath } from '@/gateways/demo-paths';

/** The script may use this much address space (KiB, `ulimit -v`): far less than the body. */
const MEMORY_CAP_KIB = 96 * 1024;
const BODY_MIB = 128;
const BLOCK = Buffer.alloc(64 * 1024, 'a');

/** `mib` MiB of `a`, as a stream (the test never holds it whole either). */
function bigBody(mib: number): Readable {
  let left = mib * 16;
  return new Readable({
    read() {
      this.push(left-- > 0 ? BLOCK : null);
    },
  });
}

function expectedSha256(mib: number): string {
  const hash = createHash('sha256');
  for (let i = 0; i < mib * 16; i++) hash.update(BLOCK);
  return hash.digest('hex');
}

function post(origin: string, body: Readable, headers: Record<string, string>): Promise<{ status: number; html: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}/tools/cgi/form`, { method: 'POST', headers }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, html: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    // The script may answer (and the server close) before the whole body is sent.
    req.on('error', reject);
    body.pipe(req);
  });
}

describe('cgi-bin/whoami.pl', () => {
  let server: Server;
  let origin: string;
  const logs: string[] = [];

  beforeAll(async () => {
    const script = demoPath('cgi-bin', 'whoami.pl');
    const gateway = cgi({
      command: 'sh',
      // A memory cap that a script holding the body could not live with ("Out of memory!").
      args: ['-c', `ulimit -v ${MEMORY_CAP_KIB} && exec perl "$0"`, script],
      cwd: demoPath('cgi-bin'),
      logger: (m) => logs.push(m),
    });
    server = createServer((req, res) => void gateway(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  });

  it.each([
    ['with Content-Length', { 'content-length': String(BODY_MIB * 1024 * 1024) }],
    ['chunked (no CONTENT_LENGTH)', { 'transfer-encoding': 'chunked' }],
  ])('streams a body %s, far larger than its memory', async (_, headers) => {
    const { status, html } = await post(origin, bigBody(BODY_MIB), {
      'content-type': 'application/octet-stream',
      ...headers,
    });
    expect(status, `${html}\n${logs.join('\n')}`).toBe(200);
    expect(html).toContain(`data-testid="body-length">${BODY_MIB * 1024 * 1024}<`);
    expect(html).toContain(`data-testid="body-sha256">${expectedSha256(BODY_MIB)}<`);
    expect(html).toContain('not read as a form');
  });

  it('still reads a small form', async () => {
    const body = 'note=hello+%26+welcome';
    const { status, html } = await post(origin, Readable.from([Buffer.from(body)]), {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(body.length),
    });
    expect(status).toBe(200);
    expect(html).toContain('data-testid="posted">You posted: <q>hello &amp; welcome</q>');
    expect(html).toContain(`data-testid="body-length">${body.length}<`);
  });
});
