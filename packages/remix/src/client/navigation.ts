/**
 * Tells a navigation of the host's client router (a `<Link>`, a `<Form>`, a redirect followed in
 * the browser) from a fetcher (`useFetcher`, `fetcher.load`/`submit`), which also calls the route's
 * `clientLoader` / `clientAction`: only the router's state tells them apart.
 */

/** The part of a Remix v2 / React Router 7 data router this module reads. */
export interface RouterLike {
  readonly basename?: string | undefined;
  readonly state: {
    readonly navigation: {
      readonly state: string;
      readonly location?: { readonly pathname: string; readonly hash?: string | undefined } | undefined;
    };
  };
}

/** Where the frameworks' browser entries leave their router (React Router 7, then Remix v2). */
const ROUTER_GLOBALS = ['__reactRouterDataRouter', '__remixRouter'] as const;

/** The host's client router, from the globals `HydratedRouter` / `RemixBrowser` set; `undefined` if none. */
export function browserRouter(scope: object = globalThis): RouterLike | undefined {
  const globals = scope as Record<string, unknown>;
  for (const name of ROUTER_GLOBALS) {
    const router = globals[name];
    if (router && typeof router === 'object' && 'state' in router) return router as RouterLike;
  }
  return undefined;
}

/** A path as the URL parser writes it (percent-encoded), so decoded and encoded forms compare equal. */
function canonicalPath(path: string): string {
  try {
    return new URL(path, 'http://h.invalid').pathname;
  } catch {
    return path;
  }
}

/** What is known of the navigation that asked for `url`. */
export interface NavigationMatch {
  /** The `#fragment` the navigation goes to (the request the router makes has none), or `''`. */
  hash: string;
}

/**
 * The navigation now under way to `url`'s path, or `undefined` when the router is idle or going
 * elsewhere, i.e. the call comes from a fetcher. Without a router to ask (a custom browser entry),
 * the call is taken for a navigation.
 */
export function navigationTo(router: RouterLike | undefined, url: URL): NavigationMatch | undefined {
  if (!router) return { hash: '' };
  const { navigation } = router.state;
  if (navigation.state === 'idle' || !navigation.location) return undefined;
  const target = canonicalPath(url.pathname);
  const pathname = canonicalPath(navigation.location.pathname);
  // The routers keep the basename in their locations; allow for one that does not.
  const base = (router.basename ?? '').replace(/\/+$/, '');
  if (pathname !== target && canonicalPath(`${base}${navigation.location.pathname}`) !== target) return undefined;
  return { hash: navigation.location.hash ?? '' };
}
