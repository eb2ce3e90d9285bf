/**
 * `npm start` / `npm run demo:node-host`: the node-host on PORT (default 3002).
 *
 * Environment: PORT, HOST (listen address, default all), NEXTAUTH_URL (the public origin,
 * default http://localhost:PORT: NextAuth's sign-in only works at that origin), NEXTAUTH_SECRET.
 */

// The Next demo's development secret (apps/next-demo/src/auth.ts): the front door must decrypt
// the session cookies that the Next site issues, so both read the same value. Set
// NEXTAUTH_SECRET in any real deployment.
const NEXT_DEMO_DEV_SECRET = 'graft-next-demo-development-secret-change-me';

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
const secret = (env.NEXTAUTH_SECRET ||= NEXT_DEMO_DEV_SECRET);

const { startNodeHost } = await import('./server.js');
const host = await startNodeHost({
  port,
  hostname: process.env.HOST || undefined,
  origin,
  secret,
});

console.log(`
  Graft node-host: one Node server in front of everything, at ${origin}
  Sign in once as alice / alice or bob / bob: ${origin}/api/auth/signin
    /              the Next demo (next build output)
    /remix/        the Remix demo (built with basename /remix)
    /tools/notes/  the notes app (Express, called directly by the front server)
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
