import { describe, expect, it } from 'vitest';
import { adjustRedirectForFramework, frameworkLocation } from './redirect-location.js';

const request = 'http://h.test/site/tools/notes/1/edit?x=1';

describe('frameworkLocation', () => {
  it('leaves absolute URLs and network-path references alone', () => {
    expect(frameworkLocation('https://elsewhere.test/a', request, '/site')).toBe('https://elsewhere.test/a');
    expect(frameworkLocation('//elsewhere.test/a', request, '/site')).toBe('//elsewhere.test/a');
    expect(frameworkLocation('mailto:a@b.test', request, '')).toBe('mailto:a@b.test');
  });

  it('leaves path-absolute locations alone without a basename', () => {
    expect(frameworkLocation('/tools/notes/2', 'http://h.test/tools/notes/1', '')).toBe('/tools/notes/2');
  });

  it('resolves relative locations against the request URL, as a browser does', () => {
    expect(frameworkLocation('../2?y=2#top', 'http://h.test/tools/notes/1/edit', '')).toBe('/tools/notes/2?y=2#top');
    expect(frameworkLocation('view', 'http://h.test/tools/notes/1/edit', '')).toBe('/tools/notes/1/view');
    expect(frameworkLocation('?page=2', 'http://h.test/tools/notes/', '')).toBe('/tools/notes/?page=2');
  });

  it('takes the basename off, for the framework to put it back', () => {
    expect(frameworkLocation('/site/tools/notes/2', request, '/site')).toBe('/tools/notes/2');
    expect(frameworkLocation('/site', request, '/site')).toBe('/');
    expect(frameworkLocation('/SITE/x?q#h', request, '/site')).toBe('/x?q#h');
    expect(frameworkLocation('view', request, '/site')).toBe('/tools/notes/1/view');
  });

  it('names a path outside the basename as a full URL', () => {
    expect(frameworkLocation('/elsewhere', request, '/site')).toBe('http://h.test/elsewhere');
    expect(frameworkLocation('/sitemap.xml', request, '/site')).toBe('http://h.test/sitemap.xml');
  });
});

describe('adjustRedirectForFramework', () => {
  it('rewrites the Location of redirects only', () => {
    for (const status of [301, 302, 303, 307, 308]) {
      const response = new Response(null, { status, headers: { location: '/site/a' } });
      expect(adjustRedirectForFramework(response, request, '/site').headers.get('location')).toBe('/a');
    }
    const created = new Response(null, { status: 201, headers: { location: '/site/a' } });
    expect(adjustRedirectForFramework(created, request, '/site').headers.get('location')).toBe('/site/a');
    const noLocation = new Response(null, { status: 302 });
    expect(adjustRedirectForFramework(noLocation, request, '/site').headers.has('location')).toBe(false);
  });
});
