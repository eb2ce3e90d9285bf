import { describe, expect, it } from 'vitest';
import { callNodeApp } from '../bridge/call-node-app.js';
import { getGraftContext } from '../bridge/context.js';
import { basicAuth, basicAuthChallenge, parseBasicAuthorization } from './basic-auth.js';

const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

function request(path: string, init: { method?: string; authorization?: string } = {}): Request {
  const headers = new Headers();
  if (init.authorization !== undefined) headers.set('authorization', init.authorization);
  return new Request(`http://localhost:3000${path}`, { method: init.method ?? 'GET', headers });
}

/** A plain (req, res) app reporting who the mount said the user is. */
const whoAmI = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ identity: getGraftContext(req)?.identity?.id ?? null, url: req.url }));
};

const USERS: Record<string, string> = { alice: 'alice', jürgen: 'pässwörd:with:colons' };

describe('parseBasicAuthorization', () => {
  it('reads user-id and password, splitting at the first colon, in UTF-8', () => {
    expect(parseBasicAuthorization(basic('alice:s3cret'))).toEqual({ kind: 'credentials', username: 'alice', password: 's3cret' });
    expect(parseBasicAuthorization(basic('jürgen:a:b:c'))).toEqual({ kind: 'credentials', username: 'jürgen', password: 'a:b:c' });
    expect(parseBasicAuthorization(basic('alice:'))).toEqual({ kind: 'credentials', username: 'alice', password: '' });
    expect(parseBasicAuthorization(`bAsIc   ${Buffer.from('a:b').toString('base64')}`)).toMatchObject({ username: 'a' });
  });

  it('treats a missing field or another scheme as absent', () => {
    expect(parseBasicAuthorization(null)).toEqual({ kind: 'absent' });
    expect(parseBasicAuthorization('')).toEqual({ kind: 'absent' });
    expect(parseBasicAuthorization('Bearer abc.def')).toEqual({ kind: 'absent' });
    expect(parseBasicAuthorization('Basically YWxpY2U6YQ==')).toEqual({ kind: 'absent' });
  });

  it('calls anything else under the Basic scheme malformed', () => {
    for (const value of [
      'Basic',
      'Basic ',
      'Basic !!!!',
      'Basic YWxpY2U', // "alice": no colon
      'Basic a',
      basic('ali\nce:x'),
      basic('alice:x\x00'),
      `Basic ${Buffer.from([0x61, 0x3a, 0xff, 0xfe]).toString('base64')}`, // not UTF-8
    ]) {
      expect(parseBasicAuthorization(value), value).toEqual({ kind: 'malformed' });
    }
  });
});

describe('basicAuthChallenge', () => {
  it('is a 401 naming the realm, quoted, in UTF-8', async () => {
    const response = basicAuthChallenge('Graft "demo" git');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="Graft \\"demo\\" git", charset="UTF-8"');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe('Authentication required\n');
  });

  it('refuses a realm that cannot be a header value', () => {
    expect(() => basicAuthChallenge('a\r\nSet-Cookie: x=1')).toThrow(TypeError);
    expect(() => basicAuth({ realm: 'a\nb', verify: () => null })).toThrow(TypeError);
  });
});

describe('basicAuth in front of a mount', () => {
  function setup(required?: boolean | ((request: Request) => boolean)) {
    const calls: string[] = [];
    const auth = basicAuth({
      realm: 'test',
      required,
      verify: async (username, password) => {
        calls.push(username);
        return USERS[username] === password ? { id: username } : null;
      },
    });
    // A route mounted at /git, as a host adapter's mount() would run it.
    const mounted = async (request: Request) => callNodeApp(whoAmI, request, { mountPath: '/git', identity: await auth.identity(request) });
    const handler = auth.protect(mounted);
    return { handler, calls };
  }

  it('passes verified users on as the identity, verifying once per request', async () => {
    const { handler, calls } = setup(true);
    const response = await handler(request('/git/x', { authorization: basic('jürgen:pässwörd:with:colons') }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ identity: 'jürgen', url: '/x' });
    expect(calls).toEqual(['jürgen']);
  });

  it('lets anonymous requests through as anonymous unless they are required to sign in', async () => {
    const isPush = (r: Request) => new URL(r.url).searchParams.get('service') === 'git-receive-pack';
    const { handler } = setup(isPush);
    const read = await handler(request('/git/repo.git/info/refs?service=git-upload-pack'));
    expect(await read.json()).toMatchObject({ identity: null });

    const push = await handler(request('/git/repo.git/info/refs?service=git-receive-pack'));
    expect(push.status).toBe(401);
    expect(push.headers.get('www-authenticate')).toMatch(/^Basic realm="test"/);

    const signedPush = await handler(request('/git/repo.git/info/refs?service=git-receive-pack', { authorization: basic('alice:alice') }));
    expect(await signedPush.json()).toMatchObject({ identity: 'alice' });
  });

  it('challenges wrong and malformed credentials on every request, required or not', async () => {
    const { handler } = setup(false);
    for (const authorization of [basic('alice:bob'), basic('mallory:alice'), 'Basic %%%', basic('alice')]) {
      const response = await handler(request('/git/anything', { authorization }));
      expect(response.status, authorization).toBe(401);
      expect(await response.text()).toBe('Wrong user name or password\n');
    }
    // Another scheme is not Basic's business: anonymous.
    const bearer = await handler(request('/git/anything', { authorization: 'Bearer t0ken' }));
    expect(await bearer.json()).toMatchObject({ identity: null });
  });

  it('treats everyone as anonymous in identity() when protect() is not used, never as a user', async () => {
    const auth = basicAuth({ realm: 'r', verify: (u, p) => (USERS[u] === p ? u : null) });
    expect(await auth.identity(request('/x', { authorization: basic('alice:wrong') }))).toBeNull();
    expect(await auth.identity(request('/x', { authorization: basic('alice:alice') }))).toBe('alice');
    expect(auth.challenge().status).toBe(401);
  });
});
