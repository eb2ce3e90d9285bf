/**
 * git's own smart-HTTP server, `git http-backend` (a CGI program), as a Node `(req, res)` app for
 * a Graft mount, serving the repositories in the demo's git root.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cgi, type NodeRequestListener } from '@graft/core';
import { gitHttpBackendPath } from './git-cli';
import { ensureGitRepos } from './git-repos';

let gateway: Promise<NodeRequestListener> | undefined;

function createGateway(): Promise<NodeRequestListener> {
  gateway ??= Promise.all([gitHttpBackendPath(), ensureGitRepos()]).then(
    ([command, root]) =>
      cgi({
        command,
        // Every repository under the root is served; push still needs REMOTE_USER, which only the
        // host's sign-in sets (git-http-backend refuses receive-pack to anonymous requests).
        env: { GIT_PROJECT_ROOT: root, GIT_HTTP_EXPORT_ALL: '1' },
        // Clones of big repositories take a while to start streaming.
        timeout: 120_000,
      }),
    (error: unknown) => {
      gateway = undefined;
      throw error;
    },
  );
  return gateway;
}

/** The git backend, set up (repositories created, program found) on its first request. */
export async function gitBackend(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let serve: NodeRequestListener;
  try {
    serve = await createGateway();
  } catch (error) {
    console.error(`[git] ${String(error)}`);
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end('git is not available on this server\n');
    return;
  }
  await serve(req, res);
}

/**
 * Whether a request is part of a `git push`: the ref advertisement for receive-pack
 * (`GET …/info/refs?service=git-receive-pack`) or the pack upload (`POST …/git-receive-pack`).
 */
export function isGitPush(request: Request): boolean {
  const url = new URL(request.url);
  return url.pathname.endsWith('/git-receive-pack') || url.searchParams.get('service') === 'git-receive-pack';
}
