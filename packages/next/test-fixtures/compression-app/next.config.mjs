// Next mounting an Express app with compression() and a Koa app with koa-compress; driven by
// src/next-compression.test.ts.
import { fileURLToPath } from 'node:url';
import { withGraft } from '@graft/next/config';

export default withGraft(
  {
    turbopack: { root: fileURLToPath(new URL('../../../..', import.meta.url)) },
  },
  { mounts: ['/express', '/koa'] },
);
