/**
 * The server side of the soak test, run as a child process so that its memory is measured alone:
 * a Node HTTP host that hands every request to an Express app through Graft's core call — the
 * same path a Next route handler takes (Node request → Fetch Request → callNodeApp → Fetch
 * Response → Node response, through `toNodeListener`).
 */
import { createServer } from 'node:http';
import { callNodeApp, toNodeListener } from '@graft/core';
import express from 'express';

const app = express();
app.get('/small', (req, res) => res.send(`hello ${req.graft?.identity?.id ?? 'anonymous'}`));
app.get('/stream', (_req, res) => {
  // 1 MiB in 16 chunks, a few ms apart, respecting backpressure.
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let sent = 0;
  res.setHeader('content-type', 'application/octet-stream');
  const next = () => {
    if (sent === 16) return res.end();
    sent++;
    if (res.write(chunk)) setTimeout(next, 2);
    else res.once('drain', next);
  };
  next();
});
app.post('/upload', (req, res) => {
  let bytes = 0;
  req.on('data', (d) => (bytes += d.length));
  req.on('end', () => res.json({ bytes }));
});

const host = toNodeListener((request) => callNodeApp(app, request, { mountPath: '/tools', identity: 'soak', onError: () => {} }));
const server = createServer(host);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
// 'idle' is answered once no connection is open: the server has let go of every client.
let open = 0;
const whenIdle = [];
server.on('connection', (socket) => {
  open++;
  socket.once('close', () => {
    if (--open === 0) for (const answer of whenIdle.splice(0)) answer();
  });
});
process.on('message', (message) => {
  if (message === 'idle') {
    const answer = () => process.send({ idle: true });
    if (open === 0) answer();
    else whenIdle.push(answer);
  } else if (message === 'memory') {
    globalThis.gc?.();
    process.send({ memory: process.memoryUsage() });
  } else if (message === 'stop') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
