// Starts the built demo (`next start`) with the defaults it needs, and says how to sign in.
//
// Environment: PORT (default 3000), HOST (listen address, default 127.0.0.1: only this machine),
// NEXTAUTH_URL (default http://localhost:PORT), NEXTAUTH_SECRET (encrypts the session cookies;
// without it a random one is made for this run, so sign-ins end when the server stops).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const port = process.env.PORT || '3000';
const host = process.env.HOST || '127.0.0.1';
const secretGiven = Boolean(process.env.NEXTAUTH_SECRET);
const env = {
  ...process.env,
  PORT: port,
  NEXTAUTH_URL: process.env.NEXTAUTH_URL || `http://localhost:${port}`,
  // Never a secret written in the repository: a cookie made with one would be a forgery anyone could make.
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || randomBytes(32).toString('base64url'),
  NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED || '1',
};
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const appDir = fileURLToPath(new URL('..', import.meta.url));

console.log(`
  Graft Next.js demo: ${env.NEXTAUTH_URL} (listening on ${host}${host === '127.0.0.1' ? ', this machine only; set HOST to listen elsewhere' : ''})
  Sign in as alice / alice or bob / bob.
  Mounted apps: /tools/notes /tools/api-docs /tools/koa /tools/guarded/whoami /tools/legacy
  Other languages: /tools/cgi (Perl CGI) /tools/py (Python server) /git (git http-backend)
  ${
    secretGiven
      ? 'NEXTAUTH_SECRET is set: sessions are encrypted with it.'
      : 'NEXTAUTH_SECRET is not set: sessions are encrypted with a random secret of this run, so sign-ins end when it stops.'
  }
`);

// Arguments after the script's name go to `next start` last, so they win (`-H ::1`).
const child = spawn(process.execPath, [nextBin, 'start', '-p', port, '-H', host, ...process.argv.slice(2)], {
  cwd: appDir,
  env,
  stdio: 'inherit',
});
// Ctrl-C reaches the whole process group; SIGTERM only this script: pass it on, and exit as
// `next start` does (0 after a signal), so `npm start` ends without error noise.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1)));
