/**
 * The front door's 404 text: outside production, a list of what is mounted, so a wrong prefix is
 * found at a glance; in production (or with `listMounts: false`), nothing but "Not Found".
 */
import type { MountDescription } from './mount-table.js';

/** The body of the 404 for `path`, listing `mounts` when `listMounts` is on. */
export function notFoundText(mounts: readonly MountDescription[], listMounts: boolean, path: string): string {
  if (!listMounts) return 'Not Found';
  const width = Math.max(...mounts.map((m) => m.path.length), 0);
  const lines = mounts.map((m) => `  ${m.path.padEnd(width)}  ${m.kind === 'node' ? 'Node app' : 'fetch handler'}`);
  return (
    `Not Found: no app is mounted at ${JSON.stringify(path)}.\n\n` +
    (lines.length ? `Mounted apps:\n${lines.join('\n')}\n` : 'No apps are mounted.\n') +
    '\n(Shown outside production; NODE_ENV=production or listMounts: false hides it.)\n'
  );
}
