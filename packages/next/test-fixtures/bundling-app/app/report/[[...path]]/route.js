import { mount } from '@graft/next';
import report from 'mount-report';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = mount(report, { prefix: '/report' });
