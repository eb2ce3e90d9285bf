/**
 * git over HTTP at /git: git's own `git http-backend` (a CGI program) behind Graft's cgi()
 * gateway. Git clients carry no session cookie, so they sign in with HTTP Basic against the same
 * demo accounts as NextAuth. Anyone may clone; a push without credentials gets a 401 challenge
 * (the git client then sends the user from the URL, or asks for one); wrong credentials get a 401
 * on any request. The signed-in user reaches git-http-backend as REMOTE_USER, which enables
 * receive-pack and names the pusher in the server's reflog.
 */
import { basicAuth } from '@graft/core';
import { createRouteHandler, type RouteHandlerContext } from '@graft/next';
import { accountIdentity, checkDemoPassword } from '@/demo-users';
import { gitBackend, isGitPush } from '@/git/git-backend';
import { gitIndexPage } from '@/git/git-index-page';

const MOUNT = '/git';

const auth = basicAuth({
  realm: 'Graft demo git (alice/alice or bob/bob)',
  verify: (username, password) => {
    const user = checkDemoPassword(username, password);
    return user ? accountIdentity(user) : null;
  },
  required: isGitPush,
});

// git clients send neither Origin nor Sec-Fetch-Site and pass; a page on another origin that
// makes a browser post here (with Basic credentials the browser cached) gets 403.
const backend = createRouteHandler(gitBackend, { prefix: MOUNT, identity: auth.identity, crossOriginProtection: true });

async function handle(request: Request, context?: RouteHandlerContext): Promise<Response> {
  const { pathname } = new URL(request.url);
  // The bare mount is for people: git clients always ask for a path inside a repository.
  if ((pathname === MOUNT || pathname === `${MOUNT}/`) && (request.method === 'GET' || request.method === 'HEAD')) {
    return gitIndexPage(request);
  }
  return backend(request, context);
}

const protectedHandle = auth.protect(handle);

export {
  protectedHandle as GET,
  protectedHandle as HEAD,
  protectedHandle as POST,
  protectedHandle as PUT,
  protectedHandle as PATCH,
  protectedHandle as DELETE,
  protectedHandle as OPTIONS,
};
