import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getGraftContext } from '../../bridge/context.js';
import { InvalidOptionError } from '../../shared/errors.js';
import { listen, serveThroughGraft, type TestServer } from '../../test-support/graft-http-server.js';
import { measureRssGrowth, slowDownload } from '../../test-support/http-load.js';
import { isAlive, reportedPid, waitUntilGone } from '../../test-support/processes.js';
import { rawRequest, readAll } from '../../test-support/raw-http.js';
import { type CgiOptions, cgi } from './cgi.js';

const ENV_SCRIPT = fileURLToPath(new URL('../../test-support/cgi/env.py', import.meta.url));
const MODES_SCRIPT = fileURLToPath(new URL('../../test-support/cgi/modes.pl', import.meta.url));
// The real interpreter, not a version-manager shim: the script gets only PATH, LANG and TZ.
const PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

interface EnvReply {
  env: Record<string, string>;
  bodyLength: number;
  bodySha256: string;
  cwd: string;
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function track(server: Promise<TestServer>): Promise<TestServer> {
  const s = await server;
  servers.push(s);
  return s;
}

function perl(extra: Partial<CgiOptions> = {}, logs: string[] = []): ReturnType<typeof cgi> {
  return cgi({ command: 'perl', args: [MODES_SCRIPT], logger: (m) => logs.push(m), ...extra });
}

describe('cgi: the environment a script sees (Python)', () => {
  const secretName = 'GRAFT_CGI_TEST_SECRET';
  beforeAll(() => {
    process.env[secretName] = 'do-not-leak';
  });
  afterAll(() => {
    delete process.env[secretName];
  });

  function envApp(extra: Partial<CgiOptions> = {}) {
    return cgi({
      command: PYTHON,
      args: [ENV_SCRIPT],
      env: { STATIC_SETTING: 'mount-wide', REMOTE_USER: 'root', HTTP_PROXY: 'http://evil:1' },
      requestEnv: (req) => getGraftContext(req)?.locals.cgiEnv as Record<string, string> | undefined,
      ...extra,
    });
  }

  it('passes the RFC 3875 meta-variables for a mounted request with an identity', async () => {
    const server = await track(
      serveThroughGraft(envApp({ documentRoot: '/srv/docs/' }), () => ({
        mountPath: '/cgi',
        identity: { id: 'alice', name: 'Alice' },
        locals: { cgiEnv: { PER_CALL: 'from-locals' } },
      })),
    );
    const body = 'name=value&other=%20';
    const response = await fetch(`${server.origin}/cgi/some%20dir/file.txt?b=1&a=%20x`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-custom': 'yes', cookie: 'k=v' },
      body,
    });
    expect(response.status).toBe(200);
    const reply = (await response.json()) as EnvReply;
    expect(reply.env).toMatchObject({
      GATEWAY_INTERFACE: 'CGI/1.1',
      SERVER_SOFTWARE: 'Graft',
      SERVER_PROTOCOL: 'HTTP/1.1',
      SERVER_NAME: '127.0.0.1',
      SERVER_PORT: String(server.port),
      REQUEST_METHOD: 'POST',
      SCRIPT_NAME: '/cgi',
      PATH_INFO: '/some dir/file.txt',
      PATH_TRANSLATED: '/srv/docs/some dir/file.txt',
      QUERY_STRING: 'b=1&a=%20x',
      REQUEST_URI: '/cgi/some%20dir/file.txt?b=1&a=%20x',
      CONTENT_TYPE: 'application/x-www-form-urlencoded',
      CONTENT_LENGTH: String(body.length),
      REMOTE_ADDR: '127.0.0.1',
      REMOTE_USER: 'alice',
      AUTH_TYPE: 'Graft',
      HTTP_X_CUSTOM: 'yes',
      HTTP_COOKIE: 'k=v',
      HTTP_HOST: `127.0.0.1:${server.port}`,
      STATIC_SETTING: 'mount-wide',
      PER_CALL: 'from-locals',
    });
    expect(Number(reply.env.REMOTE_PORT)).toBeGreaterThan(0);
    expect(reply.env.HTTPS).toBeUndefined();
    expect(reply.bodyLength).toBe(body.length);
    expect(reply.bodySha256).toBe(createHash('sha256').update(body).digest('hex'));
    // Default cwd: the directory of the program (here the interpreter's).
    expect(reply.cwd).toBe(PYTHON.slice(0, PYTHON.lastIndexOf('/')));
  });

  it('keeps the server environment, forged identities, Authorization and httpoxy out', async () => {
    const server = await track(serveThroughGraft(envApp(), () => ({ mountPath: '/cgi', identity: null })));
    const response = await fetch(`${server.origin}/cgi/x`, {
      headers: {
        proxy: 'http://attacker:8080',
        authorization: 'Basic YWxpY2U6c2VjcmV0',
        'x-remote-user': 'mallory',
        'remote-user': 'mallory',
        'x-forwarded-user': 'mallory',
        'x-still-here': '1',
      },
    });
    const { env } = (await response.json()) as EnvReply;
    expect(env[secretName]).toBeUndefined();
    expect(Object.keys(env).filter((k) => /PROXY|AUTHORIZATION|REMOTE_USER|FORWARDED_USER|AUTH_TYPE/.test(k))).toEqual([]);
    expect(env.HTTP_X_STILL_HERE).toBe('1');
    expect(env.PATH).toBe(process.env.PATH);
    expect(env.STATIC_SETTING).toBe('mount-wide');
  });

  it('gives PATH_INFO "" for the bare mount and "/" for the mount with a slash', async () => {
    const server = await track(serveThroughGraft(envApp({ documentRoot: '/srv/docs' }), () => ({ mountPath: '/cgi' })));
    const bare = (await (await fetch(`${server.origin}/cgi`)).json()) as EnvReply;
    expect(bare.env).toMatchObject({ SCRIPT_NAME: '/cgi', PATH_INFO: '', QUERY_STRING: '', REQUEST_URI: '/cgi' });
    // RFC 3875 §4.1.6: no PATH_TRANSLATED without a PATH_INFO.
    expect(bare.env.PATH_TRANSLATED).toBeUndefined();
    const slash = (await (await fetch(`${server.origin}/cgi/?`)).json()) as EnvReply;
    expect(slash.env).toMatchObject({ PATH_INFO: '/', QUERY_STRING: '', PATH_TRANSLATED: '/srv/docs/' });
  });

  it('streams a chunked upload to stdin without CONTENT_LENGTH, ending at the body end', async () => {
    const server = await track(serveThroughGraft(envApp(), () => ({ mountPath: '/cgi' })));
    const parts = [Buffer.alloc(300_000, 1), Buffer.alloc(500_000, 2), Buffer.from('end')];
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest(`${server.origin}/cgi/upload`, { method: 'PUT' }, resolve);
      req.on('error', reject);
      for (const part of parts) req.write(part);
      req.end();
    });
    const reply = JSON.parse((await readAll(res)).toString()) as EnvReply;
    expect(reply.env.CONTENT_LENGTH).toBeUndefined();
    expect(reply.bodyLength).toBe(800_003);
    expect(reply.bodySha256).toBe(createHash('sha256').update(Buffer.concat(parts)).digest('hex'));
  });

  it('works served directly by http.createServer: root mount, no identity, header rules', async () => {
    const server = await track(listen(envApp({ passAuthorization: true })));
    const res = await rawRequest(server.origin, '/a%2Fb/c?q', {
      headers: {
        authorization: 'Bearer t0ken',
        'remote-user': 'mallory',
        remote_user: 'mallory',
        x_custom: 'underscored',
        'x-custom': 'dashed',
        proxy: 'http://attacker',
      },
    });
    const { env } = JSON.parse((await readAll(res)).toString()) as EnvReply;
    expect(env).toMatchObject({
      SCRIPT_NAME: '',
      PATH_INFO: '/a/b/c',
      QUERY_STRING: 'q',
      REQUEST_URI: '/a%2Fb/c?q',
      SERVER_PORT: String(server.port),
      HTTP_AUTHORIZATION: 'Bearer t0ken',
      HTTP_X_CUSTOM: 'dashed',
    });
    expect(env.REMOTE_USER).toBeUndefined();
    expect(env.HTTP_REMOTE_USER).toBeUndefined();
    expect(env.HTTP_PROXY).toBeUndefined();
  });

  it('refuses a PATH_INFO with a .. segment or a NUL, even encoded, without running the script', async () => {
    const logs: string[] = [];
    const server = await track(listen(perl({}, logs)));
    for (const path of ['/echo/%2e%2e/secret', '/echo/..%2Fsecret', '/echo/%00', '/echo/%E0%A4%A']) {
      const res = await rawRequest(server.origin, path);
      expect(res.statusCode, path).toBe(400);
      await readAll(res);
    }
    const ok = await rawRequest(server.origin, '/echo/a..b');
    expect(ok.statusCode).toBe(200);
    expect((await readAll(ok)).toString()).toContain('path=/echo/a..b');
  });

  it('answers 500 when requestEnv throws or gives a value the OS cannot carry', async () => {
    const logs: string[] = [];
    const server = await track(
      listen(
        perl(
          {
            requestEnv: (req) => {
              if (req.url?.includes('throw')) throw new Error('no env for you');
              return { BAD: 'a\0b' };
            },
          },
          logs,
        ),
      ),
    );
    expect((await fetch(`${server.origin}/echo?throw`)).status).toBe(500);
    expect((await fetch(`${server.origin}/echo`)).status).toBe(500);
    expect(logs.join('\n')).toMatch(/no env for you/);
    expect(logs.join('\n')).toMatch(/BAD must be a string without NUL/);
  });
});

describe('cgi: the response header block (Perl)', () => {
  it('accepts Status with and without a reason phrase, LF and CRLF line ends', async () => {
    const server = await track(listen(perl()));
    const created = await rawRequest(server.origin, '/status-no-reason');
    expect(created.statusCode).toBe(201);
    expect((await readAll(created)).toString()).toBe('created');
    const teapot = await rawRequest(server.origin, '/status-reason');
    expect(teapot.statusCode).toBe(418);
    expect(teapot.statusMessage).toBe("I'm a teapot");
    expect(teapot.headers['content-type']).toBe('text/plain');
    expect((await readAll(teapot)).toString()).toBe('short and stout');
  });

  it('keeps each Set-Cookie and drops the script’s hop-by-hop fields (through Graft)', async () => {
    const server = await track(serveThroughGraft(perl(), () => ({ mountPath: '/cgi' })));
    const response = await fetch(`${server.origin}/cgi/cookies`);
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(response.headers.get('connection')).not.toBe('close');
    expect(await response.text()).toBe('cookies');
  });

  it('turns an absolute Location into a 302 unless Status says otherwise', async () => {
    const server = await track(listen(perl()));
    const found = await fetch(`${server.origin}/redirect-absolute`, { redirect: 'manual' });
    expect(found.status).toBe(302);
    expect(found.headers.get('location')).toBe('http://example.com/elsewhere?x=1');
    const moved = await fetch(`${server.origin}/redirect-permanent`, { redirect: 'manual' });
    expect(moved.status).toBe(301);
    expect(await moved.text()).toContain('moved');
  });

  it('follows a local redirect inside the mount by running the script again as a GET', async () => {
    const server = await track(serveThroughGraft(perl(), () => ({ mountPath: '/cgi' })));
    const response = await fetch(`${server.origin}/cgi/local-redirect?orig=1`, {
      method: 'POST',
      body: 'posted body',
      redirect: 'manual',
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('method=GET\npath=/echo\nquery=from=local\nuri=/cgi/echo?from=local\nlength=\nbody=\n');
  });

  it('sends a local redirect outside the mount to the client, and stops a redirect loop with 502', async () => {
    const logs: string[] = [];
    const server = await track(serveThroughGraft(perl({}, logs), () => ({ mountPath: '/cgi' })));
    const outside = await fetch(`${server.origin}/cgi/redirect-outside`, { redirect: 'manual' });
    expect(outside.status).toBe(302);
    expect(outside.headers.get('location')).toBe('/elsewhere/page');
    const loop = await fetch(`${server.origin}/cgi/local-loop`, { redirect: 'manual' });
    expect(loop.status).toBe(502);
    expect(logs.join('\n')).toMatch(/too many local redirects/);
  });

  it('answers HEAD with the head only', async () => {
    const server = await track(listen(perl()));
    const res = await rawRequest(server.origin, '/head-body', { method: 'HEAD' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-mode']).toBe('head');
    expect((await readAll(res)).length).toBe(0);
  });

  it('holds the body to the script’s Content-Length: extra bytes dropped, a short body cut short', async () => {
    const logs: string[] = [];
    const server = await track(listen(perl({}, logs)));
    const long = await rawRequest(server.origin, '/long-length');
    expect((await readAll(long)).toString()).toBe('hello');
    const short = await rawRequest(server.origin, '/short-length');
    expect(short.headers['content-length']).toBe('100');
    await expect(readAll(short)).rejects.toThrow();
    expect(logs.join('\n')).toMatch(/shorter than Content-Length 100/);
  });

  it('cuts the response short when the script exits non-zero after its head', async () => {
    const logs: string[] = [];
    const server = await track(serveThroughGraft(perl({}, logs), () => ({ mountPath: '/cgi' })));
    const response = await fetch(`${server.origin}/cgi/exit-after-head`);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect(logs.join('\n')).toMatch(/exited \(code 3\) while sending its body/);
  });

  it('logs stderr line by line, with the program name', async () => {
    const logs: string[] = [];
    const server = await track(listen(perl({}, logs)));
    expect(await (await fetch(`${server.origin}/stderr`)).text()).toBe('logged');
    // The last line arrives when stderr closes, which may be just after the response.
    await expect.poll(() => logs.length, { timeout: 5000, interval: 10 }).toBeGreaterThanOrEqual(3);
    expect(logs).toEqual(['[graft cgi perl] line one', '[graft cgi perl] line two', '[graft cgi perl] no newline at end']);
  });
});

describe('cgi: failures end in a defined response and no process left', () => {
  it.each([
    ['malformed', /malformed header line/],
    ['no-cgi-field', /no Content-Type, Location or Status/],
    ['bad-status', /invalid Status "abc"/],
    ['partial-header-exit', /exited \(code 0\) before completing its header block/],
    ['crash', /exited \(code 3\) before completing/],
  ])('answers 502 for %s', async (mode, logged) => {
    const logs: string[] = [];
    const server = await track(listen(perl({}, logs)));
    const response = await fetch(`${server.origin}/${mode}`);
    expect(response.status).toBe(502);
    expect(await response.text()).toMatch(/Bad Gateway/);
    await expect.poll(() => logs.join('\n'), { timeout: 5000, interval: 10 }).toMatch(logged);
    if (mode === 'crash') expect(logs).toContain('[graft cgi perl] about to crash');
  });

  it('answers 502 for a header block over the limit and stops the program', async () => {
    const logs: string[] = [];
    const server = await track(listen(perl({ killGrace: 200 }, logs)));
    const response = await fetch(`${server.origin}/huge-header`);
    expect(response.status).toBe(502);
    expect(logs.join('\n')).toMatch(/header block larger than 65536 bytes/);
    expect(await waitUntilGone(await reportedPid(logs))).toBe(true);
  });

  it('answers 500 when the program cannot be started', async () => {
    const logs: string[] = [];
    const server = await track(listen(cgi({ command: '/nonexistent/cgi-bin/app', logger: (m) => logs.push(m) })));
    const response = await fetch(`${server.origin}/x`);
    expect(response.status).toBe(500);
    expect(logs.join('\n')).toMatch(/ENOENT/);
  });

  it('answers 504 on timeout and kills a program that ignores SIGTERM (SIGKILL after the grace)', async () => {
    const logs: string[] = [];
    const server = await track(listen(perl({ timeout: 500, killGrace: 300 }, logs)));
    const response = await fetch(`${server.origin}/hang-stubborn`);
    expect(response.status).toBe(504);
    const pid = await reportedPid(logs);
    expect(await waitUntilGone(pid)).toBe(true);
  });

  it('kills the whole process group, grandchildren included', async () => {
    const logs: string[] = [];
    const server = await track(listen(perl({ timeout: 500, killGrace: 300 }, logs)));
    const response = await fetch(`${server.origin}/grandchild`);
    expect(response.status).toBe(504);
    const pid = await reportedPid(logs);
    const grandchild = await reportedPid(logs, 'grandchild');
    expect(await waitUntilGone(pid)).toBe(true);
    expect(await waitUntilGone(grandchild)).toBe(true);
  });

  it('kills the program when the client goes away mid-stream (through Graft)', async () => {
    const logs: string[] = [];
    const server = await track(serveThroughGraft(perl({}, logs), () => ({ mountPath: '/cgi' })));
    const pid = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.origin}/cgi/stream`, (res) => {
        res.once('data', () => {
          reportedPid(logs).then((p) => {
            expect(isAlive(p)).toBe(true);
            req.destroy();
            resolve(p);
          }, reject);
        });
      });
      req.on('error', () => {});
      req.end();
    });
    expect(await waitUntilGone(pid)).toBe(true);
  });

  it('answers normally when the script exits without reading a large body', async () => {
    const server = await track(serveThroughGraft(perl(), () => ({ mountPath: '/cgi' })));
    const body = Buffer.alloc(8 * 1024 * 1024, 7);
    const res = await rawRequest(server.origin, '/cgi/early-exit', { method: 'POST', body });
    expect(res.statusCode).toBe(413);
    expect((await readAll(res)).toString()).toBe('not reading that');
    // The gateway is still serving.
    expect((await fetch(`${server.origin}/cgi/status-no-reason`)).status).toBe(201);
  });

  it('caps concurrency: one runs, one waits, the next gets 503', async () => {
    const server = await track(listen(perl({ maxConcurrent: 1, maxQueue: 1 })));
    const open = () => {
      const req = httpRequest(`${server.origin}/wait-stdin`, { method: 'POST' });
      const response = new Promise<IncomingMessage>((resolve, reject) => {
        req.on('response', resolve);
        req.on('error', reject);
      });
      req.write('first part ');
      return { req, response };
    };
    const first = open();
    const second = open();
    // Both have reached the gateway once the third is refused for a full queue.
    let rejected: Response | undefined;
    for (let i = 0; i < 200 && !rejected; i++) {
      const third = await fetch(`${server.origin}/wait-stdin`, { method: 'POST', body: 'x' });
      if (third.status === 503) rejected = third;
      else await third.text();
    }
    expect(rejected?.status).toBe(503);
    expect(rejected?.headers.get('retry-after')).toBe('1');
    first.req.end('done');
    second.req.end('and done');
    expect((await readAll(await first.response)).toString()).toBe('read 15 bytes');
    expect((await readAll(await second.response)).toString()).toBe('read 19 bytes');
  });

  it('rejects invalid options with InvalidOptionError', () => {
    expect(() => cgi({} as CgiOptions)).toThrow(InvalidOptionError);
    expect(() => cgi({ command: 'x', timeout: -1 })).toThrow(InvalidOptionError);
    expect(() => cgi({ command: 'x', maxConcurrent: 0 })).toThrow(InvalidOptionError);
    expect(() => cgi({ command: 'x', args: [1 as unknown as string] })).toThrow(InvalidOptionError);
  });
});

describe('cgi: large output', () => {
  it('streams 200 MiB to a slow reader through Graft with bounded memory', async () => {
    // The reader is its own (Python) process: only the host + gateway is measured.
    const server = await track(serveThroughGraft(perl(), () => ({ mountPath: '/cgi' })));
    // A warm-up lets V8 size its young generation first, which is growth but not buffering.
    expect((await slowDownload(`${server.origin}/cgi/huge?mib=16`)).bytes).toBe(16 * 1024 * 1024);
    const { result, growth } = await measureRssGrowth(() => slowDownload(`${server.origin}/cgi/huge?mib=200`));
    expect(result).toEqual({ status: 200, bytes: 200 * 1024 * 1024 });
    console.log(`cgi 200 MiB download: peak RSS growth ${(growth / 1048576).toFixed(1)} MiB`);
    expect(growth).toBeLessThan(64 * 1024 * 1024);
  });
});
