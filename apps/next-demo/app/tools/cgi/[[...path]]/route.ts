/**
 * A Perl CGI script (cgi-bin/whoami.pl) at /tools/cgi, run once per request by Graft's cgi()
 * gateway, for signed-in users only. It gets the classic CGI variables: SCRIPT_NAME is the mount
 * (/tools/cgi), PATH_INFO the rest of the path, REMOTE_USER the signed-in account — set by the
 * gateway from the session, never from a client header.
 */
import { cgi } from '@graft/core';
import { mount } from '@graft/next';
import { nextAuthIdentity } from '@graft/next/next-auth';
import { authOptions } from '@/auth';
import { accountIdentityFromSession } from '@/demo-users';
import { demoPath } from '@/gateways/demo-paths';

// Found from the demo's own directory, not the working directory: a host that loads the built
// app (apps/node-host) may run anywhere. The interpreter is named rather than the script run
// directly, so the script's file mode does not matter.
const CGI_BIN = demoPath('cgi-bin');
const whoamiScript = cgi({
  command: 'perl',
  args: [demoPath('cgi-bin', 'whoami.pl')],
  cwd: CGI_BIN,
  authType: 'NextAuth',
  serverSoftware: 'Graft (Next.js demo)',
  timeout: 10_000,
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = mount(whoamiScript, {
  prefix: '/tools/cgi',
  identity: nextAuthIdentity(authOptions, { toIdentity: accountIdentityFromSession }),
  requireIdentity: true,
  // The script takes POST bodies: a browser may send them only from this site (403 otherwise).
  crossOriginProtection: true,
});
