import { mount } from '@graft/next';
import Koa from 'koa';
import compress from 'koa-compress';
import { BODY } from '../../body.js';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const app = new Koa();
app.use(compress());
app.use((ctx) => {
  ctx.type = 'text/plain';
  ctx.body = BODY;
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = mount(app, { prefix: '/koa' });
