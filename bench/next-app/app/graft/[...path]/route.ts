// (c) The Express app of (a), mounted in this catch-all with @graft/next: /graft/hello -> /hello.
import { mount } from '@graft/next';
import { createBenchApp } from '../../../../http-app.mjs';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = mount(createBenchApp(), { prefix: '/graft' });
