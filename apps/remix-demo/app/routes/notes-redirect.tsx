import { redirect } from '@remix-run/node';

// A site loader that sends the visitor into the notes app.
export async function loader() {
  return redirect('/tools/notes/');
}

export default function NotesRedirect() {
  return null;
}
