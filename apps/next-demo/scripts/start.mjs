// Starts the built demo (`next start`) with the defaults it needs, and says how to sign in.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const port = process.env.PORT || '3000';
const env = {
  ...process.env,
  PORT: port,
  NEXTAUTH_URL: process.env.NEXTAUTH_URL || `http://localhost:${port}`,
  NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED || '1',
};
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const appDir = fileURLToPath(new URL('..', import.meta.url));

console.log(`
  Graft Next.js demo: ${env.NEXTAUTH_URL}
  Sign in as alice / alice or bob / bob.
  Mounted apps: /tools/notes /tools/api-docs /tools/koa /tools/guarded/whoami /tools/legacy
  Other languages: /tools/cgi (Perl CGI) /tools/py (Python server) /git (git http-backend)
`);

const child = spawn(process.execPath, [nextBin, 'start', '-p', port, ...process.argv.slice(2)], {
  cwd: appDir,
  env,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
