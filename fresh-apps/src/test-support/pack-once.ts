/**
 * vitest global setup: the README's Install step in this repository (`npm run pack`), once for all
 * fresh apps, which then install the tarballs it wrote to `packs/`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runReadmeCommands } from '../fresh-app.js';
import { REPO_ROOT, readReadme } from '../readme.js';

/** The tarballs `npm run pack` must write. */
export const TARBALLS = ['graft-core-0.1.0.tgz', 'graft-next-0.1.0.tgz', 'graft-remix-0.1.0.tgz'];

export default async function setup(): Promise<void> {
  const started = Date.now();
  await runReadmeCommands(readReadme(), 'graft', { timeoutMs: 240_000 });
  const missing = TARBALLS.filter((file) => !existsSync(join(REPO_ROOT, 'packs', file)));
  if (missing.length > 0) throw new Error(`npm run pack did not write ${missing.join(', ')} to packs/`);
  console.log(`npm run pack: ${TARBALLS.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
