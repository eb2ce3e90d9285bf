import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData } from '@remix-run/react';
import { frontDoorOf } from './front-door.server';
import { currentUser } from './sessions.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Behind a front server, signing in and out happen on its pages (see front-door.server.ts).
  const frontDoor = frontDoorOf(context);
  const url = new URL(request.url);
  return {
    user: await currentUser(request, context),
    signInUrl: frontDoor?.signInUrl(url.pathname + url.search),
    signOutUrl: frontDoor?.signOutUrl,
  };
}

export const meta: MetaFunction = () => [{ title: 'Graft Remix demo' }];

const styles = `
body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 1.5rem auto; padding: 0 1rem; color: #222; }
header { display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; border-bottom: 1px solid #ddd; padding-bottom: .5rem; }
nav a { margin-right: .8rem; }
label { display: block; margin: .4rem 0; }
code { background: #f4f4f4; padding: 0 .2rem; }
`;

export default function Root() {
  const { user, signInUrl, signOutUrl } = useLoaderData<typeof loader>();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        <style>{styles}</style>
      </head>
      <body>
        <header>
          <nav>
            <Link to="/">Home</Link>
            {/* Embedded apps: the mount routes export clientLoader/clientAction, so these load as documents. */}
            <Link to="/tools/notes/">Notes</Link>
            <Link to="/tools/db/">Book database</Link>
          </nav>
          <div data-testid="host-user">
            {user ? (
              <>
                Signed in as <strong>{user.name ?? user.id}</strong> ·{' '}
                {signOutUrl ? <a href={signOutUrl}>Sign out</a> : <Link to="/logout">Sign out</Link>}
              </>
            ) : signInUrl ? (
              <a href={signInUrl}>Sign in</a>
            ) : (
              <Link to="/login">Sign in</Link>
            )}
          </div>
        </header>
        <main>
          <Outlet />
        </main>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}
