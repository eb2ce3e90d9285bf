import { mount } from '@graft/next';
import express from 'express';
import swaggerUi from 'swagger-ui-express';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const app = express();
app.use('/', swaggerUi.serve, swaggerUi.setup({ openapi: '3.0.0', info: { title: 'Fixture', version: '1' }, paths: {} }));
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = mount(app, { prefix: '/swagger' });
