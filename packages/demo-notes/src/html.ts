/**
 * Building HTML safely: a tagged template that escapes every interpolated value unless it is
 * already {@link SafeHtml}, and the page layout every page shares.
 */
import type { Identity } from '@graft/core';

const kSafe = Symbol('safe-html');

/** HTML that is already escaped (or trusted markup), so templates insert it as is. */
export interface SafeHtml {
  readonly [kSafe]: true;
  readonly value: string;
}

function isSafeHtml(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && kSafe in value;
}

/** Marks trusted markup as safe to insert unescaped. */
export function rawHtml(value: string): SafeHtml {
  return { [kSafe]: true, value };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(value: unknown): string {
  if (isSafeHtml(value)) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** `html\`<p>${text}</p>\`` — interpolations are escaped; arrays are joined. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return rawHtml(out);
}

/** What the layout needs to know about the request. */
export interface PageContext {
  /** The mount path (`req.baseUrl`): every link starts with it. */
  base: string;
  identity: Identity | null;
  /** The trusted identity header as the app received it, to show that forged copies are gone. */
  identityHeader: string | undefined;
}

/** A whole page: header with the identity the app received, navigation, and `content`. */
export function page(ctx: PageContext, title: string, content: SafeHtml): string {
  const who = ctx.identity
    ? html`Signed in as <strong data-testid="identity-id">${ctx.identity.id}</strong>${
        ctx.identity.name ? html` (<span data-testid="identity-name">${ctx.identity.name}</span>)` : ''
      } · <a href="${ctx.base}/logout">Sign out</a>`
    : html`<strong data-testid="identity-id">anonymous</strong> · <a href="${ctx.base}/login">Sign in</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Notes</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 1.5rem auto; padding: 0 1rem; color: #222; }
header { display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; border-bottom: 1px solid #ddd; padding-bottom: .5rem; }
nav a { margin-right: .8rem; }
.identity { font-size: .9rem; color: #555; }
.note { border: 1px solid #ddd; border-radius: 6px; padding: .6rem .8rem; margin: .6rem 0; }
label { display: block; margin: .4rem 0; }
input[type=text], textarea { width: 100%; box-sizing: border-box; }
code { background: #f4f4f4; padding: 0 .2rem; }
</style>
</head>
<body>
<header>
  <nav><a href="${ctx.base}/">My notes</a><a href="${ctx.base}/live">Live</a><a href="${ctx.base}/api/notes">API</a></nav>
  <div class="identity">${who}</div>
</header>
<p class="identity">Identity from the host (<code>req.graft.identity</code>):
<code data-testid="identity-json">${JSON.stringify(ctx.identity)}</code>;
trusted header <code>x-remote-user</code>: <code data-testid="identity-header">${ctx.identityHeader ?? '(not sent)'}</code>;
mounted at <code data-testid="base-url">${ctx.base || '/'}</code></p>
<main>
<h1>${title}</h1>
${content}
</main>
</body>
</html>`.value;
}
