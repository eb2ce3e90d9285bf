/**
 * The host strategy of {@link createMountHandler}: the few things only the host framework knows.
 * Everything else — the order of checks, identity, the sign-in decision, the call, a departed
 * client — is the pipeline's.
 */

/** Where the app is mounted for one request, as the host worked it out. */
export interface MountLocation {
  /** The raw prefix the app is mounted at (its `req.baseUrl`), with the site's base path: `/docs/tools`. */
  mountPath: string;
  /** The site's base path (Next's `basePath`, Remix's `basename`), `''` for none. */
  base: string;
  /**
   * The URL the app sees, when the route's `request.url` is not the one the client used (Next
   * removes its `basePath`): `callNodeApp`'s `url` option. Default: `request.url`.
   */
  url?: string;
  /**
   * Request headers the app gets in place of the client's (`@graft/next` asks for
   * `accept-encoding: identity`): `callNodeApp`'s `requestHeaders` option.
   */
  requestHeaders?: Readonly<Record<string, string>>;
}

/**
 * What a host adapter tells the pipeline. `Args` is what the host hands a route besides the
 * request.
 */
export interface MountHost<Args> {
  /**
   * Where the app is mounted for this request, from the route's params and the `prefix` option
   * (normalised, or `undefined`).
   *
   * @throws {MountMismatchError} when the params, the prefix or the base path do not fit the path.
   * @throws {InvalidOptionError} when nothing tells the mount point.
   */
  locate(request: Request, args: Args, prefix: string | undefined): MountLocation | Promise<MountLocation>;
  /**
   * The answer for an anonymous visitor of a protected mount without `onAnonymous`: the host's
   * redirect to its sign-in page (see `signInRedirect`).
   */
  signIn(request: Request, location: MountLocation): Response;
  /**
   * Turns the app's response into the one the route returns (Remix hands the framework its
   * redirects without the basename). Default: the response as it is.
   */
  respond?(response: Response, request: Request, location: MountLocation): Response;
}
