// The embedded Express app: reports what it saw, redirects a "directory" to its slash form,
// counts request bytes, and records requests whose client left before an answer.

import { getGraftContext } from '@graft/core';
import express from 'express';

const state = (globalThis.fixtureState ??= { arrived: 0, closedWithoutAnswer: 0 });

export const expressApp = express();
// /dir and /dir/ are different paths here, as for a static file server.
expressApp.set('strict routing', true);
expressApp.get('/closed', (_req, res) => res.json(state));
// Each step is also printed, for the test to wait on.
expressApp.get('/hang', (_req, res) => {
  state.arrived++;
  console.log('fixture: /hang arrived');
  res.on('close', () => {
    if (res.writableFinished) return;
    state.closedWithoutAnswer++;
    console.log('fixture: /hang closed without an answer');
  });
});
expressApp.get('/dir', (req, res) => res.redirect(301, `${req.baseUrl}/dir/`));
expressApp.get('/dir/', (_req, res) => res.send('directory index'));
expressApp.options('/{*rest}', (_req, res) => {
  res.set('access-control-allow-origin', '*').set('x-preflight', 'app').status(204).end();
});
expressApp.post('/count', async (req, res) => {
  let bytes = 0;
  for await (const chunk of req) bytes += chunk.length;
  res.json({ bytes });
});
expressApp.all('/{*rest}', (req, res) => {
  res.json({
    url: req.url,
    baseUrl: req.baseUrl,
    originalUrl: req.originalUrl,
    identity: getGraftContext(req)?.identity ?? null,
  });
});
