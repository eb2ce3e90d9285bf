/**
 * A Python web server (standard library `http.server`, upstream/whoami_server.py) at /tools/py,
 * reached through Graft's proxy() gateway, for signed-in users only. The demo starts it itself on
 * the first request. It trusts X-Remote-User, which only the gateway sets: client copies are
 * removed, so a visitor cannot pose as someone else.
 */
import { mount } from '@graft/next';
import { nextAuthIdentity } from '@graft/next/next-auth';
import { authOptions } from '@/auth';
import { accountIdentityFromSession } from '@/demo-users';
import { pythonUpstreamApp } from '@/gateways/python-upstream';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = mount(pythonUpstreamApp, {
  prefix: '/tools/py',
  // The account name (alice), as git and the CGI script see it.
  identity: nextAuthIdentity(authOptions, { toIdentity: accountIdentityFromSession }),
  requireIdentity: true,
  // The upstream takes POST bodies: a browser may send them only from this site (403 otherwise).
  crossOriginProtection: true,
});
