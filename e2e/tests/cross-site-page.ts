/**
 * An attacker's page for CSRF tests: a second HTTP server on another port of the same host
 * (same-site with the demo, so the victim's SameSite=Lax session cookie goes along), serving a
 * page that posts a form to the demo as soon as it loads.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CrossSitePage {
  /** The page's URL, e.g. `http://localhost:PORT/` — open it in the victim's browser. */
  url: string;
  /** Its origin, what the browser sends as `Origin`. */
  origin: string;
  close(): Promise<void>;
}

function escapeAttr(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Serves, on `hostname` (the demo's own host name) and a free port, a page whose form posts
 * `fields` to `action` (an absolute URL on the demo) when it loads.
 */
export async function startCrossSitePage(options: {
  hostname: string;
  action: string;
  fields: Record<string, string>;
  enctype?: 'application/x-www-form-urlencoded' | 'multipart/form-data';
}): Promise<CrossSitePage> {
  const inputs = Object.entries(options.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeAttr(name)}" value="${escapeAttr(value)}">`)
    .join('');
  const html = `<!doctype html><title>Win a prize</title>
<form method="post" action="${escapeAttr(options.action)}" enctype="${options.enctype ?? 'application/x-www-form-urlencoded'}">${inputs}</form>
<script>document.forms[0].submit()</script>`;
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${options.hostname}:${port}`;
  return {
    url: `${origin}/`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
