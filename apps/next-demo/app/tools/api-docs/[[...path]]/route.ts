/**
 * swagger-ui-express, unchanged, serving the notes API's OpenAPI document at /tools/api-docs/.
 * It redirects /tools/api-docs to /tools/api-docs/ like any static file server, which is why
 * next.config uses withGraft (no trailing-slash redirect loop).
 */
import { notesOpenApiSpec } from '@graft/demo-notes';
import { mount } from '@graft/next';
import express from 'express';
import swaggerUi from 'swagger-ui-express';

const docs = express();
docs.use('/', swaggerUi.serve, swaggerUi.setup(notesOpenApiSpec('/tools/notes')));

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = mount(docs, {
  prefix: '/tools/api-docs',
  // Writes from other origins get a 403 from the host (see the notes route).
  crossOriginProtection: true,
});
