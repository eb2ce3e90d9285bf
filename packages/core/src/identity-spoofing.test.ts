/**
 * Identity spoofing: every way a client can phrase an identity header — any case, `_` for `-`,
 * duplicates, comma lists, the common names — sent through every channel core offers (the core
 * call, the front-door mount server, the CGI gateway, the proxy gateway). None may reach an app
 * as an identity, and an anonymous request must carry none at all.
 */
import { type IncomingMessage, request, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callNodeApp } from './bridge/call-node-app.js';
import { createMountServer } from './front-door/mount-server.js';
import { cgi } from './gateways/cgi/cgi.js';
import { proxy } from './gateways/proxy/proxy.js';
import { listen, type TestServer } from './test-support/graft-http-server.js';
import { FORGED_USER, forgedHeaders, forgedIdentityHeads } from './testing/index.js';

const ATTACKER = FORGED_USER;
const CONFIGURED = 'x-graft-identity';

const heads = forgedIdentityHeads([CONFIGURED]);
const tally = { attempts: 0, passes: 0 };

/** What reached the app, flattened to text: any mention of the attacker is a pass. */
function leaked(seen: unknown): boolean {
  return JSON.stringify(seen).includes(ATTACKER);
}

function record(seen: unknown): void {
  tally.attempts++;
  if (leaked(seen)) tally.passes++;
}

afterAll(() => {
  console.log(`identity spoofing (core channels): ${tally.attempts} attempts, ${tally.passes} got through`);
});

/** A Node app that reports what identity-ish data it received. */
function reporter(req: IncomingMessage, res: ServerResponse): void {
  const graft = (req as IncomingMessage & { graft?: { identity: unknown } }).graft;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ rawHeaders: req.rawHeaders, identity: graft?.identity ?? null }));
}

function forgedRequest(url: string, head: [string, string][]): Request {
  return new Request(url, { headers: forgedHeaders(head) });
}

describe.each([
  ['signed in as alice', { id: 'alice' }],
  ['anonymous', null],
])('%s', (_label, identity) => {
  it(`core call: none of ${heads.length} forged heads reaches the app`, async () => {
    for (const head of heads) {
      const response = await callNodeApp(reporter, forgedRequest('http://h/app/x', head), {
        mountPath: '/app',
        identity,
        identityHeader: CONFIGURED,
      });
      const seen = (await response.json()) as { rawHeaders: string[]; identity: { id: string } | null };
      record(seen);
      expect(leaked(seen)).toBe(false);
      const delivered = seen.rawHeaders.filter((_v, i) => i % 2 === 0 && seen.rawHeaders[i]!.toLowerCase() === CONFIGURED);
      // Exactly the host's identity header when signed in; none when anonymous.
      expect(delivered).toHaveLength(identity ? 1 : 0);
      expect(seen.identity).toEqual(identity);
    }
  });

  describe('over HTTP', () => {
    let front: TestServer;
    let upstream: TestServer;
    let upstreamSaw: unknown[] = [];

    beforeAll(async () => {
      upstream = await listen((req, res) => {
        upstreamSaw.push(req.rawHeaders);
        res.end('ok');
      });
      const envScript = fileURLToPath(new URL('./test-support/cgi/env.py', import.meta.url));
      const gateway = cgi({ command: 'python3', args: [envScript] });
      const forward = proxy(upstream.origin, { identityHeader: CONFIGURED });
      const listener = createMountServer({
        mounts: { '/app': reporter, '/cgi': gateway, '/proxy': forward },
        identity: () => identity,
        identityHeader: CONFIGURED,
      });
      front = await listen(listener);
    });
    afterAll(async () => {
      await front.close();
      await upstream.close();
    });

    /** Sends a forged head with Node's client, which keeps duplicates and `_` names as given. */
    async function send(path: string, head: [string, string][]): Promise<string> {
      return new Promise((resolve, reject) => {
        // With an array, Node's client sends exactly these fields: Host must be among them.
        const rawHead: string[] = ['Host', `127.0.0.1:${front.port}`, ...head.flat()];
        const req = request(`${front.origin}${path}`, { headers: rawHead as never }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve(body));
          if (res.statusCode !== 200) reject(new Error(`${path} answered ${res.statusCode}: ${body}`));
        });
        req.on('error', reject);
        req.end();
      });
    }

    it('mount server, CGI and proxy: no forged head gets through', async () => {
      for (const head of heads) {
        const app = JSON.parse(await send('/app/x', head)) as { identity: unknown };
        record(app);
        expect(leaked(app)).toBe(false);
        expect(app.identity).toEqual(identity);

        upstreamSaw = [];
        await send('/proxy/x', head);
        record(upstreamSaw);
        expect(leaked(upstreamSaw)).toBe(false);
      }
    }, 60_000);

    it('CGI: a request carrying every forged head at once sets no variable', async () => {
      // One script run for all of them: a client can send them together, and each spawn costs.
      const everything = heads.flat();
      const env = (JSON.parse(await send('/cgi/x', everything)) as { env: Record<string, string> }).env;
      for (let i = 0; i < everything.length; i++) record(env);
      expect(leaked(env)).toBe(false);
      expect(env.REMOTE_USER).toBe(identity?.id);
      // Identity-bearing variables hold the host's user (REMOTE_USER, the trusted header), or
      // do not exist at all for an anonymous request.
      const identityVars = Object.entries(env).filter(([k]) => /USER|IDENTITY/.test(k));
      if (identity) expect(identityVars.every(([, v]) => v === identity.id)).toBe(true);
      else expect(identityVars).toEqual([]);
    });
  });
});
