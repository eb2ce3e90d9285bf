import { type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link } from '@remix-run/react';

export const meta: MetaFunction = () => [{ title: 'Shortcuts · Graft Remix demo' }];

// The site's own action: a redirect into the notes app, as after a sign-in or a save.
export async function action() {
  return redirect('/tools/notes/');
}

/**
 * The site's ways into the embedded apps, none with `reloadDocument`: the mount's route module
 * (`tools.notes.$.tsx`) exports @graft/remix/client's `clientLoader` / `clientAction`.
 */
export default function Shortcuts() {
  return (
    <>
      <h1>Shortcuts</h1>
      <ul>
        <li>
          <Link to="/tools/notes/">My notes</Link> (a link)
        </li>
        <li>
          <Link to="/notes-redirect">My notes, by a redirecting loader</Link>
        </li>
      </ul>
      <Form method="post">
        <button type="submit">Open my notes (an action that redirects)</button>
      </Form>
      <Form method="get" action="/tools/db/books">
        <label>
          Books matching <input name="q" />
        </label>
        <button type="submit">Search the book database</button>
      </Form>
      <Form method="post" action="/tools/notes/notes" encType="multipart/form-data" data-testid="quick-note">
        <label>
          Quick note title <input name="title" required />
        </label>
        <label>
          Quick note text <textarea name="body" />
        </label>
        <label>
          Quick note attachment <input type="file" name="file" />
        </label>
        <button type="submit">Create the note in the notes app</button>
      </Form>
    </>
  );
}
