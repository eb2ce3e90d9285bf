/**
 * An "existing" Express app with login and logout links of its own. The route that embeds it
 * (app/tools/legacy) sends those two paths to the host's NextAuth pages instead.
 */
import { getGraftContext } from '@graft/core';
import express, { type Express } from 'express';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function createLegacyApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/', (req, res) => {
    const graft = getGraftContext(req);
    const base = escapeHtml(req.baseUrl);
    res.type('html').send(`<!doctype html><title>Legacy app</title>
<h1>Legacy Express app</h1>
<p>Identity: <code data-testid="identity">${escapeHtml(JSON.stringify(graft?.identity ?? null))}</code></p>
<p>Per-request locals from the host: <code data-testid="locals">${escapeHtml(JSON.stringify(graft?.locals ?? {}))}</code></p>
<p><a href="${base}/login">Log in</a> · <a href="${base}/logout">Log out</a> (this app's own links; the host sends them to its pages)</p>
<p><a href="/">Back to the host</a></p>`);
  });
  // Never reached through the demo host, which intercepts these paths.
  app.get(['/login', '/logout'], (_req, res) => {
    res.status(500).type('text/plain').send("the legacy app's own login was reached");
  });
  return app;
}
