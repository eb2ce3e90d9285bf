import { withGraft } from '@graft/next/config';
import type { NextConfig } from 'next';

const config: NextConfig = {
  // Loaded by Node at run time instead of bundled: they read files next to their own code
  // (swagger-ui-dist's assets) or load modules by name (Express views).
  serverExternalPackages: ['express', 'koa', 'multer', 'swagger-ui-express', '@graft/demo-notes'],
  // Tell Turbopack the monorepo root, where the one lock file and node_modules are.
  turbopack: { root: new URL('../..', import.meta.url).pathname },
  poweredByHeader: false,
};

// Mounted apps live under /tools: there, paths reach the apps exactly as sent (trailing slashes
// included); everywhere else Next's usual /x/ -> /x redirect still applies.
export default withGraft(config, { mounts: ['/tools'] });
