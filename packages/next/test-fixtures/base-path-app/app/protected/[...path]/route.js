import { mount } from '@graft/next';
import { expressApp } from '../../express-app.js';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = mount(expressApp, {
  identity: (request) => request.headers.get('x-test-session'),
  requireIdentity: true,
});
