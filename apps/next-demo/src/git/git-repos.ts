/**
 * Where the demo's git repositories live, the public `demo.git` it creates there on first use,
 * and what the /git index page shows about them.
 */
import { randomBytes } from 'node:crypto';
import { access, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from './git-cli';

/** The repository every visitor can clone and every demo user can push to. */
export const PUBLIC_REPO = 'demo.git';

/**
 * The directory served at /git: `GIT_ROOT`, else `graft-next-demo-git` in the system's temp
 * directory (so pushes survive restarts of the demo, not reboots).
 */
export function gitRoot(): string {
  return process.env.GIT_ROOT || join(tmpdir(), 'graft-next-demo-git');
}

const SEED_README = `# demo.git

A bare repository served by git's own \`git http-backend\` (a CGI program) inside a Next.js
route, through Graft's \`cgi()\` gateway.

    git clone http://localhost:3000/git/demo.git        # anyone
    git push  http://alice:alice@localhost:3000/git/demo.git main   # demo users only
`;

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Builds the public repository under a temporary name, then moves it into place in one step. */
async function createPublicRepo(root: string): Promise<void> {
  const building = join(root, `.${PUBLIC_REPO}.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    await runGit(['init', '--quiet', '--bare', '--initial-branch=main', building]);
    const git = (args: string[], input?: string) => runGit(args, { cwd: building, input });
    // Bare repositories keep no reflog by default; with it, the server records who pushed
    // (git-http-backend names REMOTE_USER as the committer of each ref update).
    await git(['config', 'core.logAllRefUpdates', 'true']);
    // A public demo repository should survive its visitors: no deleted or rewritten branches.
    await git(['config', 'receive.denyDeletes', 'true']);
    await git(['config', 'receive.denyNonFastForwards', 'true']);
    const blob = (await git(['hash-object', '-w', '--stdin'], SEED_README)).trim();
    const tree = (await git(['mktree'], `100644 blob ${blob}\tREADME.md\n`)).trim();
    const commit = (await git(['commit-tree', tree, '-m', 'Seed the demo repository'])).trim();
    await git(['update-ref', '-m', 'created by the demo', 'refs/heads/main', commit]);
    await rename(building, join(root, PUBLIC_REPO));
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    // Another server process sharing the directory got there first: theirs is as good.
    if (await exists(join(root, PUBLIC_REPO, 'HEAD'))) return;
    throw error;
  }
}

let ready: Promise<string> | undefined;

/**
 * Makes sure the git root and its public repository exist (once per process; retried after a
 * failure) and resolves with the root. Called on the first git request, not at import: Next
 * imports route modules while building, too.
 */
export function ensureGitRepos(): Promise<string> {
  ready ??= (async () => {
    const root = gitRoot();
    await mkdir(root, { recursive: true });
    if (!(await exists(join(root, PUBLIC_REPO, 'HEAD')))) await createPublicRepo(root);
    return root;
  })().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return ready;
}

/** One update of a branch, as the server's reflog recorded it. */
export interface RefUpdate {
  /** Who made it: the pushing user (REMOTE_USER), or the demo for the seed. */
  who: string;
  /** When, ISO 8601. */
  when: string;
  /** What git says happened (`push`, `created by the demo`). */
  what: string;
  /** The commit the branch then pointed to (abbreviated) and its subject. */
  commit: string;
  subject: string;
}

/** The served repositories (bare directories named `*.git`), by name. */
export async function listRepos(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const repos = entries.filter((e) => e.isDirectory() && e.name.endsWith('.git') && !e.name.startsWith('.'));
  const checked = await Promise.all(repos.map(async (e) => ((await exists(join(root, e.name, 'HEAD'))) ? e.name : null)));
  return checked.filter((name): name is string => name !== null).sort();
}

/** The latest `limit` updates of the repository's default branch, newest first. */
export async function recentUpdates(repoDir: string, limit = 5): Promise<{ branch: string; updates: RefUpdate[] }> {
  const branch = (await runGit(['symbolic-ref', '--short', 'HEAD'], { cwd: repoDir })).trim();
  let log: string;
  try {
    log = await runGit(
      ['reflog', 'show', '--date=iso-strict', `-n${limit}`, '--format=%gd%x09%gn%x09%gs%x09%h%x09%s', `refs/heads/${branch}`],
      { cwd: repoDir },
    );
  } catch {
    return { branch, updates: [] }; // no commits (or no reflog) yet
  }
  const updates = log
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [selector = '', who = '', what = '', commit = '', subject = ''] = line.split('\t');
      return { who, when: /@\{(.*)\}$/.exec(selector)?.[1] ?? '', what, commit, subject };
    });
  return { branch, updates };
}
