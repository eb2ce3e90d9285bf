import { mount } from '@graft/next';
import admin from 'legacy-admin';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = mount(admin, { prefix: '/admin' });
