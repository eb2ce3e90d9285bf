/**
 * The two real hosts, from the fixture builds: each framework's own `createRequestHandler` over
 * the server bundle its CLI built, so a test request takes the path a production request takes
 * (route matching, resource-route handling, the framework's request rewriting).
 */
import { createRequestHandler as createRemixHandler, createCookieSessionStorage as createRemixSessions } from '@remix-run/node';
import {
  createRequestHandler as createRouterHandler,
  createCookieSessionStorage as createRouterSessions,
  type ServerBuild,
} from 'react-router';

const fixtures = new URL('../../fixtures/', import.meta.url);

/** A host: a `Request` in, the framework's `Response` out. */
export type Host = (request: Request) => Promise<Response>;

/** A fixture site: its handler, its basename, and a way to sign in (a session cookie). */
export interface FixtureSite {
  name: string;
  handle: Host;
  /** The site's basename, `''` for none. */
  basename: string;
  /** A `Cookie` header value with `user` stored in the fixture's session. */
  sessionCookie(user: unknown): Promise<string>;
}

// The fixtures sign sessions with this cookie; see fixtures/*/app/sessions.server.ts.
const cookie = { name: '__fixture', secrets: ['fixture-secret'], path: '/', sameSite: 'lax' as const, httpOnly: true };

function cookieOf(setCookie: string): string {
  return setCookie.split(';')[0]!;
}

/** The Remix v2 site (basename `/site`), optionally with its build's future flags changed. */
export async function remixV2Site(future: Record<string, boolean> = {}): Promise<FixtureSite> {
  const build = await import(new URL('remix-v2/build/server/index.js', fixtures).href);
  const handler = createRemixHandler({ ...build, future: { ...build.future, ...future } }, 'production');
  const sessions = createRemixSessions({ cookie });
  return {
    name: 'Remix v2',
    handle: (request) => handler(request),
    basename: '/site',
    async sessionCookie(user) {
      const session = await sessions.getSession();
      session.set('user', user);
      return cookieOf(await sessions.commitSession(session));
    },
  };
}

/** The React Router 7 site (basename `/rr`), optionally with its build's future flags changed. */
export async function reactRouter7Site(future: Record<string, boolean> = {}): Promise<FixtureSite> {
  const build = (await import(new URL('react-router-7/build/server/index.js', fixtures).href)) as ServerBuild;
  const handler = createRouterHandler({ ...build, future: { ...build.future, ...future } }, 'production');
  const sessions = createRouterSessions({ cookie });
  return {
    name: 'React Router 7',
    handle: (request) => handler(request),
    basename: '/rr',
    async sessionCookie(user) {
      const session = await sessions.getSession();
      session.set('user', user);
      return cookieOf(await sessions.commitSession(session));
    },
  };
}
