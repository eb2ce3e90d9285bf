/**
 * No forged identity header gets through `@graft/remix`: every spelling core's testing list
 * knows, sent to a mounted app signed in and anonymous, with and without a trusted header.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getGraftContext } from '@graft/core';
import { FORGED_USER, forgedHeaders, forgedIdentityHeads } from '@graft/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { mount } from './mount.js';

const TRUSTED = 'x-remote-user';
const heads = forgedIdentityHeads([TRUSTED]);
const tally = { attempts: 0, passes: 0 };
afterAll(() => console.log(`identity spoofing (@graft/remix): ${tally.attempts} attempts, ${tally.passes} got through`));

const reporter = (req: IncomingMessage, res: ServerResponse): void => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ rawHeaders: req.rawHeaders, identity: getGraftContext(req)?.identity ?? null }));
};

describe.each([
  ['signed in as alice', { id: 'alice' }],
  ['anonymous', null],
])('%s', (_label, identity) => {
  it(`none of ${heads.length} forged heads reaches the app, through loader and action`, async () => {
    const { loader, action } = mount(reporter, { identity: () => identity, identityHeader: TRUSTED });
    for (const head of heads) {
      for (const [route, method] of [
        [loader, 'GET'],
        [action, 'POST'],
      ] as const) {
        const request = new Request('http://h.test/tools/x', { method, headers: forgedHeaders(head) });
        const response = await route({ request, params: { '*': 'x' }, context: {} });
        const seen = (await response.json()) as { rawHeaders: string[]; identity: unknown };
        tally.attempts++;
        const leaked = JSON.stringify(seen).includes(FORGED_USER);
        if (leaked) tally.passes++;
        expect(leaked).toBe(false);
        expect(seen.identity).toEqual(identity);
        const trusted = seen.rawHeaders.filter((name, i) => i % 2 === 0 && name.toLowerCase() === TRUSTED);
        expect(trusted).toHaveLength(identity ? 1 : 0);
      }
    }
  });
});
