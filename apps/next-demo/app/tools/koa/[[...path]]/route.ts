/**
 * A Koa app at /tools/koa, open to everyone; it sees who is signed in, if anyone.
 */
import { mount } from '@graft/next';
import { nextAuthIdentity } from '@graft/next/next-auth';
import { authOptions } from '@/auth';
import { createKoaApp } from '@/embedded/koa-app';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = mount(createKoaApp(), {
  prefix: '/tools/koa',
  identity: nextAuthIdentity(authOptions),
  // Writes from other origins get a 403 from the host (see the notes route).
  crossOriginProtection: true,
});
