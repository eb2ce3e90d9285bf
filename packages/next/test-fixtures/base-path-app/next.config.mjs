// A Next app served under a basePath, mounting Express with @graft/next; driven by
// src/next-server.test.ts. withGraft comes from the built package, as an app would use it.
import { fileURLToPath } from 'node:url';
import { withGraft } from '@graft/next/config';

export default withGraft(
  {
    basePath: '/base',
    serverExternalPackages: ['express'],
    turbopack: { root: fileURLToPath(new URL('../../../..', import.meta.url)) },
  },
  { mounts: ['/tools', '/protected'] },
);
