/**
 * `npm start` / `npm run demo:node-host`: the node-host on PORT (default 3002).
 *
 * Environment: PORT, HOST (listen address, default 127.0.0.1: this machine only), NEXTAUTH_URL
 * (the public origin, default http://localhost:PORT: NextAuth's sign-in only works at that
 * origin), NEXTAUTH_SECRET (encrypts the session cookies; without it a random one is made for this
 * process, so sign-ins end when it stops).
 */
import { randomBytes } from 'node:crypto';

const port = Number(process.env.PORT || 3002);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, not ${JSON.stringify(process.env.PORT)}`);
  process.exit(1);
}
// Before Next, React and Remix load: they read these when they start.
const env = process.env as Record<string, string | undefined>;
env.NODE_ENV ??= 'production';
env.NEXT_TELEMETRY_DISABLED ??= '1';
const origin = (env.NEXTAUTH_URL ||= `http://localhost:${port}`);
// The front door decrypts the session cookies that the Next site (in this process) issues: both
// read NEXTAUTH_SECRET, set here before Next loads. Never a secret written in the repository (a
// cookie made with one would be a forgery anyone could make): without one, a random one per process.
const secretGiven = Boolean(env.NEXTAUTH_SECRET);
const secret = (env.NEXTAUTH_SECRET ||= randomBytes(32).toString('base64url'));
// The Remix demo signs its own (unused here: the front door signs users in) cookie session too.
env.SESSION_SECRET ||= randomBytes(32).toString('base64url');
const hostname = process.env.HOST || '127.0.0.1';

const { startNodeHost } = await import('./server.js');
const host = await startNodeHost({
  port,
  hostname,
  origin,
  secret,
});

console.log(`
  Graft node-host: one Node server in front of everything, at ${origin}
  (listening on ${hostname}${hostname === '127.0.0.1' ? ', this machine only; set HOST to listen elsewhere' : ''})
  Sign in once as alice / alice or bob / bob: ${origin}/api/auth/signin
    /              the Next demo (next build output)
    /remix/        the Remix demo (built with basename /remix)
    /tools/notes/  the notes app (Express, called directly by the front server)
    /chat/         a WebSocket chat (ws), signed in like the rest
  ${
    secretGiven
      ? 'NEXTAUTH_SECRET is set: sessions are encrypted with it.'
      : 'NEXTAUTH_SECRET is not set: sessions are encrypted with a random secret of this process, so sign-ins end when it stops.'
  }
`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    host.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
