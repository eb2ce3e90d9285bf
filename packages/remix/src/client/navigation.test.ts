import { describe, expect, it } from 'vitest';
import { browserRouter, navigationTo, type RouterLike } from './navigation.js';

function routerIn(state: string, location?: { pathname: string; hash?: string }, basename?: string): RouterLike {
  return { basename, state: { navigation: { state, location } } };
}

describe('navigationTo', () => {
  const url = new URL('http://h.test/rr/tools/a%20b?x=1');

  it('matches the navigation under way to the same path, decoded or not, and keeps its hash', () => {
    expect(navigationTo(routerIn('loading', { pathname: '/rr/tools/a b', hash: '#h' }), url)).toEqual({ hash: '#h' });
    expect(navigationTo(routerIn('submitting', { pathname: '/rr/tools/a%20b' }), url)).toEqual({ hash: '' });
  });

  it('allows for a router whose locations leave out the basename', () => {
    expect(navigationTo(routerIn('loading', { pathname: '/tools/a b' }, '/rr/'), url)).toEqual({ hash: '' });
  });

  it('is undefined when the router is idle or going elsewhere (a fetcher asked)', () => {
    expect(navigationTo(routerIn('idle'), url)).toBeUndefined();
    expect(navigationTo(routerIn('loading', { pathname: '/rr/elsewhere' }), url)).toBeUndefined();
  });

  it('takes the call for a navigation when there is no router to ask', () => {
    expect(navigationTo(undefined, url)).toEqual({ hash: '' });
  });
});

describe('browserRouter', () => {
  it("finds React Router 7's router, then Remix v2's, and nothing else", () => {
    const router = routerIn('idle');
    expect(browserRouter({ __reactRouterDataRouter: router })).toBe(router);
    expect(browserRouter({ __remixRouter: router })).toBe(router);
    expect(browserRouter({ __remixRouter: 'not a router' })).toBeUndefined();
    expect(browserRouter({})).toBeUndefined();
  });
});
