/**
 * `@graft/remix/client`: browser exports for the route module that mounts an app, so that the
 * host's `<Link>`, `<Form>` and `redirect()` into the mount end with the app's page (a document
 * load) instead of an empty page, with no `reloadDocument` or `redirectDocument()`.
 *
 * ```ts
 * // app/routes/tools.$.tsx
 * export const loader = tools.loader;
 * export const action = tools.action;
 * export { clientAction, clientLoader } from '@graft/remix/client';
 * ```
 *
 * This entry imports neither framework nor any Node module: it is bundled for the browser.
 */
import { type ClientActionArgs, type ClientLoaderArgs, createDocumentNavigation } from './client/document-navigation.js';
import { submitNatively } from './client/native-submit.js';
import { browserRouter } from './client/navigation.js';

export type { ClientActionArgs, ClientLoaderArgs } from './client/document-navigation.js';

const navigation = createDocumentNavigation({
  router: () => browserRouter(),
  submit: (submission) => typeof document !== 'undefined' && submitNatively(submission, document),
});

/**
 * The mount route's `clientLoader`: a client-side navigation to a mounted URL becomes a document
 * load of that URL (the frameworks' `X-Remix-Reload-Document` redirect); a fetcher's load goes to
 * the server as before.
 */
export function clientLoader(args: ClientLoaderArgs): Promise<unknown> {
  return navigation.clientLoader(args);
}

/**
 * The mount route's `clientAction`: a `<Form method="post">` into the mount is submitted as a
 * plain HTML form (the app gets it, the browser shows its answer); other navigation submissions go
 * to the server and end with a document load; a fetcher's submission goes to the server as before.
 */
export function clientAction(args: ClientActionArgs): Promise<unknown> {
  return navigation.clientAction(args);
}
