/**
 * Running the `git` program for the demo's own bookkeeping (creating and reading the served
 * repositories), isolated from whatever git configuration the server's user has.
 */
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Who the demo's own commits are by; pushes are recorded under the pushing user instead. */
const DEMO_COMMITTER = { name: 'Graft demo', email: 'demo@graft.invalid' };

/** git without the server user's ~/.gitconfig or /etc/gitconfig, so results do not depend on them. */
function isolatedEnv(): NodeJS.ProcessEnv {
  return {
    // Next's types declare NODE_ENV required in every ProcessEnv; git ignores it.
    NODE_ENV: process.env.NODE_ENV,
    PATH: process.env.PATH,
    LANG: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: DEMO_COMMITTER.name,
    GIT_AUTHOR_EMAIL: DEMO_COMMITTER.email,
    GIT_COMMITTER_NAME: DEMO_COMMITTER.name,
    GIT_COMMITTER_EMAIL: DEMO_COMMITTER.email,
  };
}

/**
 * Runs `git args…` (in `cwd`, with `input` on stdin) and resolves with its stdout; rejects with
 * git's stderr in the message when it exits non-zero or cannot be started.
 */
export function runGit(args: readonly string[], options: { cwd?: string; input?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: options.cwd, env: isolatedEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', (error) => reject(new Error(`cannot run git: ${error.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`git ${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
    });
    // git may exit without reading its input (`--version`, a bad argument): the write then fails
    // with EPIPE. Without a listener that 'error' would be an uncaught exception and end the whole
    // server; git's exit status, seen on 'close', is what the caller is told.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

let backendPath: Promise<string> | undefined;

/**
 * The absolute path of git's smart-HTTP CGI program, `$(git --exec-path)/git-http-backend`, asked
 * of the installed git once (its libexec directory differs between systems).
 */
export function gitHttpBackendPath(): Promise<string> {
  backendPath ??= execFileAsync('git', ['--exec-path'], { env: isolatedEnv() }).then(
    ({ stdout }) => join(stdout.trim(), 'git-http-backend'),
    (error: Error) => {
      backendPath = undefined;
      throw new Error(`cannot find git-http-backend (is git installed?): ${error.message}`);
    },
  );
  return backendPath;
}
