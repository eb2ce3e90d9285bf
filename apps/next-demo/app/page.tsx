import { getServerSession } from 'next-auth';
import { authOptions, DEMO_USERS } from '@/auth';

export const dynamic = 'force-dynamic';

const TOOLS = [
  { href: '/tools/notes', title: 'Notes', what: 'Express 5: pages, forms, uploads, live events, JSON API. Sign-in required.' },
  { href: '/tools/notes/live', title: 'Notes · live', what: 'Server-sent events streamed through the route.' },
  { href: '/tools/api-docs', title: 'API docs', what: 'swagger-ui-express serving the notes OpenAPI document.' },
  { href: '/tools/koa', title: 'Koa', what: 'A Koa app; sees you if you are signed in.' },
  {
    href: '/tools/guarded/whoami',
    title: 'Guarded',
    what: 'A next-connect router (logger + auth guard) in front of a plain (req, res) handler.',
  },
  {
    href: '/tools/legacy',
    title: 'Legacy',
    what: 'A hand-written route using callNodeApp: login/logout go to this site, a header is added.',
  },
];

/** Programs in other languages, under the same login. */
const GATEWAYS = [
  {
    href: '/tools/cgi',
    title: 'Perl CGI',
    what: 'A CGI script run per request by cgi(): REMOTE_USER, SCRIPT_NAME, PATH_INFO. Sign-in required.',
  },
  { href: '/tools/py', title: 'Python server', what: 'An http.server app behind proxy(), trusting X-Remote-User. Sign-in required.' },
  { href: '/git', title: 'git', what: 'git http-backend through cgi(): clone anonymously, push as alice/alice (HTTP Basic).' },
];

export default async function Home() {
  const session = await getServerSession(authOptions);
  const user = session?.user;
  return (
    <main>
      <h1>Graft · Next.js demo</h1>
      <p data-testid="who">
        {user ? (
          <>
            Signed in as <strong>{user.name}</strong> ({user.email}) · <a href="/api/auth/signout">Sign out</a>
          </>
        ) : (
          <>
            Not signed in · <a href="/api/auth/signin">Sign in</a> as {DEMO_USERS.map((u) => `${u.id}/${u.password}`).join(' or ')}
          </>
        )}
      </p>
      <h2>Apps mounted under /tools</h2>
      <ul>
        {TOOLS.map((tool) => (
          <li key={tool.href}>
            <a href={tool.href}>{tool.title}</a> — {tool.what}
          </li>
        ))}
      </ul>
      <h2>Apps in other languages</h2>
      <ul>
        {GATEWAYS.map((tool) => (
          <li key={tool.href}>
            <a href={tool.href}>{tool.title}</a> — {tool.what}
          </li>
        ))}
      </ul>
    </main>
  );
}
