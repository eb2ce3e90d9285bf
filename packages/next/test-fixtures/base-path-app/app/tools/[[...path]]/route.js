import { mount } from '@graft/next';
import { expressApp } from '../../express-app.js';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

// No basePath option: it is read from the Next config compiled into the bundle.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = mount(expressApp, { prefix: '/tools', timeout: 0 });
