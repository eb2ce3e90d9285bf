/**
 * runGit, the demo's own way of running git (issue 13, item 10): git may exit without reading
 * the input it was given, and that must be an ordinary result, not an EPIPE that kills the server.
 */
import { describe, expect, it } from 'vitest';
import { runGit } from '@/git/git-cli';

describe('runGit', () => {
  it('survives git exiting before it reads its stdin (EPIPE on the pipe)', async () => {
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    try {
      // `git --version` never reads stdin; 16 MiB cannot fit in a pipe, so the write fails.
      const output = await runGit(['--version'], { input: 'x'.repeat(16 * 1024 * 1024) });
      expect(output).toMatch(/^git version /);
      // A failing git, not reading its input either, is still a rejection with git's message.
      await expect(runGit(['no-such-command'], { input: 'y'.repeat(16 * 1024 * 1024) })).rejects.toThrow(
        /git no-such-command failed \(exit 1\)/,
      );
      // Let any late 'error' event from the pipe surface before looking.
      await new Promise((resolve) => setImmediate(resolve));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', record);
    }
  });
});
