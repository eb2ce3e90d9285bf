import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData } from '@remix-run/react';
import { currentUser } from './sessions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  return { user: await currentUser(request) };
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
  const { user } = useLoaderData<typeof loader>();
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
            {/* Embedded apps are not Remix routes with components: plain links (full page loads). */}
            <a href="/tools/notes/">Notes</a>
            <a href="/tools/db/">Book database</a>
          </nav>
          <div data-testid="host-user">
            {user ? (
              <>
                Signed in as <strong>{user.name ?? user.id}</strong> · <Link to="/logout">Sign out</Link>
              </>
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
