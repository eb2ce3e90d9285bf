import type { MetaFunction } from '@remix-run/node';
import { Link } from '@remix-run/react';

export const meta: MetaFunction = () => [{ title: 'Graft Remix demo' }];

export default function Home() {
  return (
    <>
      <h1>Graft in Remix</h1>
      <p>Two unchanged Node apps run inside this Remix site, each in one splat route, under the site's sign-in (a cookie session):</p>
      <ul>
        <li>
          <Link to="/tools/notes/">Notes</Link>: an Express 5 app with pages, uploads, downloads, server-sent events and a JSON API (
          <code>app/routes/tools.notes.$.tsx</code>).
        </li>
        <li>
          <Link to="/tools/db/">Book database</Link>: <code>json-server</code> 0.17 from npm, an Express 4 REST API (
          <code>app/routes/tools.db.$.tsx</code>).
        </li>
      </ul>
      <p>Both need a signed-in user: sign in as alice / alice or bob / bob.</p>
    </>
  );
}
