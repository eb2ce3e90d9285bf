/**
 * A small Koa app: it shows the identity it received, redirects a "directory" to its trailing
 * slash form (as static file servers do), answers CORS preflights, and serves a value that must
 * never be cached.
 */
import { randomUUID } from 'node:crypto';
import { getGraftContext } from '@graft/core';
import Koa from 'koa';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function createKoaApp(): Koa {
  const app = new Koa();
  app.use(async (ctx) => {
    const graft = getGraftContext(ctx.req);
    const base = graft?.mountPath ?? '';
    const identity = graft?.identity ?? null;
    ctx.set('x-embedded-app', 'koa');

    if (ctx.method === 'OPTIONS') {
      ctx.set('access-control-allow-origin', ctx.get('origin') || '*');
      ctx.set('access-control-allow-methods', 'GET, PUT, DELETE');
      ctx.set('access-control-allow-headers', ctx.get('access-control-request-headers') || 'content-type');
      ctx.set('x-koa-preflight', 'handled');
      ctx.status = 204;
      return;
    }
    if (ctx.path === '/dir') {
      // Like serve-static: a directory is only served with its trailing slash.
      ctx.status = 301;
      ctx.redirect(`${base}/dir/${ctx.querystring ? `?${ctx.querystring}` : ''}`);
      return;
    }
    if (ctx.path === '/dir/') {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>Directory</title><h1 data-testid="dir">Index of ${escapeHtml(base)}/dir/</h1>`;
      return;
    }
    if (ctx.path === '/nonce') {
      ctx.body = { nonce: randomUUID(), servedAt: new Date().toISOString() };
      return;
    }
    if (ctx.path === '/whoami') {
      ctx.body = { identity, remoteUserHeader: ctx.get('x-remote-user') || null, path: ctx.path, mountPath: base };
      return;
    }
    if (ctx.path === '/') {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>Koa</title>
<h1>Koa app</h1>
<p>Identity: <code data-testid="identity">${escapeHtml(JSON.stringify(identity))}</code></p>
<ul>
  <li><a href="${escapeHtml(base)}/dir">${escapeHtml(base)}/dir</a> (redirects to its trailing-slash form)</li>
  <li><a href="${escapeHtml(base)}/nonce">${escapeHtml(base)}/nonce</a> (a new value on every request)</li>
  <li><a href="${escapeHtml(base)}/whoami">${escapeHtml(base)}/whoami</a></li>
</ul>
<p><a href="/">Back to the host</a></p>`;
      return;
    }
    ctx.status = 404;
    ctx.body = { error: 'not found', path: ctx.path };
  });
  return app;
}
