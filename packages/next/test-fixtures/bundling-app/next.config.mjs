// A Next app mounting apps that break when bundled; driven by src/next-bundling.test.ts.
// GRAFT_FIXTURE_EXTERNAL=none builds it without `external` (into GRAFT_FIXTURE_DIST, e.g.
// .next/control), to show the failure withGraft prevents.
import { fileURLToPath } from 'node:url';
import { withGraft } from '@graft/next/config';

const external = process.env.GRAFT_FIXTURE_EXTERNAL === 'none' ? [] : ['json-server', 'swagger-ui-express', 'legacy-admin', 'mount-report'];

export default withGraft(
  {
    distDir: process.env.GRAFT_FIXTURE_DIST ?? '.next',
    turbopack: { root: fileURLToPath(new URL('../../../..', import.meta.url)) },
  },
  { mounts: ['/admin', '/json', '/swagger', '/report'], external },
);
