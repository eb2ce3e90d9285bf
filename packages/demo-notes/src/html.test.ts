import { describe, expect, it } from 'vitest';
import { escapeHtml, html, page, rawHtml } from './html.js';

describe('html', () => {
  it('escapes interpolated values but not nested templates or raw markup', () => {
    const name = '<script>alert("x")</script>';
    expect(html`<p>${name}</p>`.value).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>');
    expect(html`<ul>${['a', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.value).toBe('<ul><li>a</li><li>b</li></ul>');
    expect(html`${rawHtml('<b>ok</b>')}${null}${undefined}${false}`.value).toBe('<b>ok</b>');
    expect(escapeHtml(`'&`)).toBe('&#39;&amp;');
  });

  it('shows the identity and the trusted header on every page', () => {
    const out = page({ base: '/m', identity: { id: 'a<b', name: 'A' }, identityHeader: undefined }, 'T', html``);
    expect(out).toContain('data-testid="identity-id">a&lt;b<');
    expect(out).toContain('data-testid="identity-header">(not sent)<');
    expect(out).toContain('href="/m/logout"');
  });
});
