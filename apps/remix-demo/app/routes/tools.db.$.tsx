/**
 * json-server 0.17 (Express 4, from npm) at /tools/db, for signed-in users only.
 */
import { mount } from '@graft/remix';
import { jsonDbApp } from '../embedded/json-db.server';
import { currentUser } from '../sessions.server';
import { SITE_BASENAME } from '../site-path';

const db = mount(jsonDbApp, {
  // The cookie session's user, or the front server's when one mounts the site.
  identity: (request, { context }) => currentUser(request, context),
  requireIdentity: true,
  basename: SITE_BASENAME,
});

export const loader = db.loader;
export const action = db.action;
