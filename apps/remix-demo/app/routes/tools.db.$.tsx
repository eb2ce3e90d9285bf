/**
 * json-server 0.17 (Express 4, from npm) at /tools/db, for signed-in users only.
 */
import { mount, sessionIdentity } from '@graft/remix';
import { jsonDbApp } from '../embedded/json-db.server';
import { sessionStorage } from '../sessions.server';

const db = mount(jsonDbApp, {
  identity: sessionIdentity(sessionStorage, { key: 'user' }),
  requireIdentity: true,
});

export const loader = db.loader;
export const action = db.action;
