import { mount } from '@graft/next';
import jsonServer from 'json-server';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const app = jsonServer.create();
app.use(jsonServer.defaults({ logger: false }));
app.use(jsonServer.router({ posts: [{ id: 1, title: 'hello' }] }));
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = mount(app, { prefix: '/json' });
