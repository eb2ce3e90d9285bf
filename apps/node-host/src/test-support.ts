/**
 * Test helpers: real NextAuth session cookies, and real servers on loopback ports.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encode, type JWT } from 'next-auth/jwt';

export const SECRET = 'node-host-test-secret';

/** The cookie NextAuth 4 sets after a sign-in (JWT strategy), for `token`. */
export async function sessionCookie(token: JWT, options: { secret?: string; name?: string; maxAge?: number } = {}): Promise<string> {
  const value = await encode({ token, secret: options.secret ?? SECRET, maxAge: options.maxAge });
  return `${options.name ?? 'next-auth.session-token'}=${value}`;
}

export const ALICE_TOKEN: JWT = { name: 'Alice', email: 'alice@example.com', sub: 'alice' };

/** Serves `listener` on 127.0.0.1; `close` also ends kept-alive connections. */
export async function listen(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
