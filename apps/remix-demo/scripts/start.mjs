// Starts the built demo with remix-serve (port 3001 by default), and says how to sign in.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const serverBuild = 'build/server/index.js';
if (!existsSync(new URL(`../${serverBuild}`, import.meta.url))) {
  console.error('No build found: run `npm run build` in apps/remix-demo (or `npm run demo:remix` at the root) first.');
  process.exit(1);
}

const port = process.env.PORT || '3001';
const env = { ...process.env, PORT: port, NODE_ENV: 'production' };
const require = createRequire(import.meta.url);
const serveBin = require.resolve('@remix-run/serve/dist/cli.js');

console.log(`
  Graft Remix demo: http://localhost:${port}
  Sign in as alice / alice or bob / bob.
  Mounted apps: /tools/notes/ (Express 5 notes app)  /tools/db/ (json-server 0.17)
`);

const child = spawn(process.execPath, [serveBin, serverBuild], { cwd: appDir, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
