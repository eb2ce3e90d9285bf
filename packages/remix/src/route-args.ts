/**
 * The shape of what Remix v2 and React Router 7 pass to a route's `loader` and `action`, stated
 * structurally so this package needs neither framework at run time or for its types.
 */

/** The route params: for a splat route (`tools.$.tsx`) the rest of the path is `params['*']`. */
export type RouteParams = Readonly<Record<string, string | undefined>>;

/**
 * The argument of a `loader` / `action`: `LoaderFunctionArgs` / `ActionFunctionArgs` of Remix v2
 * (`@remix-run/node`) and React Router 7 (`Route.LoaderArgs`) both fit it.
 */
export interface RouteArgs {
  /** The request, as the framework hands it to the route (see the README on what it may strip). */
  request: Request;
  /** The matched route params. */
  params: RouteParams;
  /** The host server's load context (`getLoadContext`), if any. */
  context?: unknown;
  /**
   * The matched route's path pattern without the basename, e.g. `tools/*` (React Router 7 passes
   * it; Remix v2 does not). Used to tell the basename from the route's own path.
   */
  pattern?: string;
}
