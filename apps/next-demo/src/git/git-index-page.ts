/**
 * The page a browser sees at /git: which repositories are served, how to clone and push, and the
 * server's record of recent pushes (its reflog) — who pushed is the signed-in git user.
 */
import { join } from 'node:path';
import { DEMO_USERS } from '@/demo-users';
import { escapeHtml } from '@/html';
import { ensureGitRepos, listRepos, type RefUpdate, recentUpdates } from './git-repos';

/** The site's address as the client used it (shown in the clone commands only). */
function publicOrigin(request: Request): string {
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? new URL(request.url).host;
  const proto = request.headers.get('x-forwarded-proto') === 'https' ? 'https' : 'http';
  return `${proto}://${host}`;
}

function updateRow(update: RefUpdate): string {
  return `<tr data-testid="ref-update"><td data-testid="who">${escapeHtml(update.who)}</td><td>${escapeHtml(update.what)}</td><td><code>${escapeHtml(update.commit)}</code> ${escapeHtml(update.subject)}</td><td>${escapeHtml(update.when)}</td></tr>`;
}

export async function gitIndexPage(request: Request): Promise<Response> {
  const root = await ensureGitRepos();
  const origin = publicOrigin(request);
  const [user] = DEMO_USERS;
  const sections = await Promise.all(
    (await listRepos(root)).map(async (name) => {
      const { branch, updates } = await recentUpdates(join(root, name));
      const cloneUrl = `${origin}/git/${name}`;
      const pushUrl = cloneUrl.replace('://', `://${user.id}:${user.password}@`);
      return `<section data-testid="repo" data-repo="${escapeHtml(name)}">
  <h2>${escapeHtml(name)}</h2>
  <pre>git clone ${escapeHtml(cloneUrl)}
git push ${escapeHtml(pushUrl)} ${escapeHtml(branch)}</pre>
  <table><caption>Recent updates of ${escapeHtml(branch)} (server reflog)</caption>
    <thead><tr><th>who</th><th>what</th><th>commit</th><th>when</th></tr></thead>
    <tbody>${updates.map(updateRow).join('') || '<tr><td colspan="4">none yet</td></tr>'}</tbody>
  </table>
</section>`;
    }),
  );
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>git · Graft Next.js demo</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}pre{background:#f4f4f4;padding:.6rem;overflow:auto}td,th{padding:.2rem .5rem;text-align:left}</style>
</head><body>
<p><a href="/">← demo home</a></p>
<h1>git over HTTP</h1>
<p>These repositories are served by git's own <code>git http-backend</code>, a CGI program, mounted in
this Next.js route through Graft's <code>cgi()</code>. Anyone may clone; pushing asks for a demo
account (${DEMO_USERS.map((u) => `${escapeHtml(u.id)}/${escapeHtml(u.password)}`).join(' or ')}) over HTTP Basic — git
clients do not carry this site's session cookie — and the server records the pusher in its reflog.</p>
${sections.join('\n')}
</body></html>`;
  return new Response(request.method === 'HEAD' ? null : html, {
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
}
