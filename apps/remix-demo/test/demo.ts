/** The built Remix demo, started for a test as users start it (see `@graft/demo-testing`). */
import { fileURLToPath } from 'node:url';
import { type DemoProcess, startDemo as startIn } from '@graft/demo-testing';

export { type DemoProcess, listeningAddresses, procSum } from '@graft/demo-testing';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The start script prints its banner, ending `listening on <url>`, once it listens. */
const READY = /\blistening on http/;

/** Starts `node scripts/start.mjs` of this demo with `env` (see `startDemo` of `@graft/demo-testing`). */
export const startDemo = (env: Record<string, string>, timeoutMs?: number): Promise<DemoProcess> =>
  startIn(APP_DIR, env, { ready: READY, timeoutMs });

/** Signs in on the demo's own form; resolves with the session cookie (`name=value`). */
export async function signIn(url: string, username = 'alice'): Promise<string> {
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    body: new URLSearchParams({ username, password: username, redirectTo: '/' }),
    redirect: 'manual',
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('__graft_remix_session='));
  if (!cookie) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return cookie.split(';')[0]!;
}
