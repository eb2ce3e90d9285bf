/**
 * The `clientLoader` / `clientAction` that send the host's client-side navigations into a Graft
 * mount to the server as document loads. The server cannot do it: both frameworks strip the
 * marks of a data request (`.data`, `?_data=`) before the route's loader runs, and the browser
 * sends no header that tells the router's `fetch` from the embedded app's own, so the route
 * module decides in the browser, before any data request is made.
 */
import { documentLoad } from './document-load.js';
import { type NativeSubmission, nativeSubmission } from './native-submit.js';
import { type NavigationMatch, navigationTo, type RouterLike } from './navigation.js';

/** What both frameworks pass a route's `clientLoader`. */
export interface ClientLoaderArgs {
  request: Request;
  serverLoader: () => Promise<unknown>;
}

/** What both frameworks pass a route's `clientAction`. */
export interface ClientActionArgs {
  request: Request;
  serverAction: () => Promise<unknown>;
}

/** The browser around the route: the router to ask, and how to send a form natively. */
export interface DocumentNavigationEnv {
  /** The host's client router; `undefined` when there is none to ask. */
  router(): RouterLike | undefined;
  /** Sends the form as a plain HTML form would; `false` if it cannot (nothing was sent). */
  submit(submission: NativeSubmission): boolean;
}

/** The route exports. */
export interface DocumentNavigation {
  clientLoader(args: ClientLoaderArgs): Promise<unknown>;
  clientAction(args: ClientActionArgs): Promise<unknown>;
}

function targetOf(request: Request, match: NavigationMatch): string {
  const url = new URL(request.url);
  url.hash = match.hash;
  return url.href;
}

/** Settles only when the navigation is given up (another one started): the page is unloading. */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/**
 * Builds the two route exports over `env`.
 *
 * - `clientLoader`: a navigation (a `<Link>`, a GET `<Form>`, a redirect the router follows)
 *   throws the frameworks' reload-document redirect to the same URL, so the browser loads the
 *   app's page; a fetcher gets the server loader's answer as before.
 * - `clientAction`: a navigation POST of form fields is sent as a native form, so the app gets it
 *   and the browser shows its answer; other submissions (PUT, PATCH, DELETE, JSON or text bodies)
 *   go to the server action, whose redirect the router follows (into the mount: a document load),
 *   and any other answer ends with a document load of the form's URL. A fetcher's submission goes
 *   to the server action as before.
 */
export function createDocumentNavigation(env: DocumentNavigationEnv): DocumentNavigation {
  return {
    async clientLoader({ request, serverLoader }) {
      const match = navigationTo(env.router(), new URL(request.url));
      if (!match) return serverLoader();
      throw documentLoad(targetOf(request, match));
    },
    async clientAction({ request, serverAction }) {
      const match = navigationTo(env.router(), new URL(request.url));
      if (!match) return serverAction();
      const submission = await nativeSubmission(request);
      if (submission && env.submit(submission)) return untilAborted(request.signal);
      await serverAction();
      throw documentLoad(targetOf(request, match));
    },
  };
}
