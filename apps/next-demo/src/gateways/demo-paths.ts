/**
 * Where the demo's own files are (cgi-bin/, upstream/): found from this module's location, never
 * from `process.cwd()`, which is the app directory under `next start`/`next dev` but anything at
 * all when another server loads the built app (apps/node-host runs `next({ dir })` from wherever
 * it was started).
 *
 * In the built app this module is bundled into `.next/server`; Turbopack then computes
 * `import.meta.url` at run time from where `.next` is, as the source file's URL
 * (`…/apps/next-demo/src/gateways/demo-paths.ts`), so the answer follows the app if it moves.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The demo's directory, `apps/next-demo` (this file is `src/gateways/demo-paths.ts` in it). */
export const DEMO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** An absolute path inside the demo's directory. */
export function demoPath(...segments: string[]): string {
  return join(DEMO_DIR, ...segments);
}
