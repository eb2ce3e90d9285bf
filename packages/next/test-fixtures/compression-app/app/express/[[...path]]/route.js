import { mount } from '@graft/next';
import compression from 'compression';
import express from 'express';
import { BODY } from '../../body.js';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const app = express();
app.use(compression());
app.get('/text', (_req, res) => res.type('text/plain').send(BODY));
// Streamed in pieces, so compression() cannot know the length up front.
app.get('/stream', (_req, res) => {
  res.type('text/plain');
  const half = BODY.length / 2;
  res.write(BODY.slice(0, half));
  setImmediate(() => res.end(BODY.slice(half)));
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = mount(app, { prefix: '/express' });
