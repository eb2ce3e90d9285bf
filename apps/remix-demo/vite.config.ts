import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';

// The site normally lives at `/`. A front server that mounts it below a prefix (apps/node-host
// mounts it at /remix) builds it with REMIX_BASENAME=/remix: routes, links and redirects then live
// under the prefix, and so do the browser assets (Vite's `base`), so that the front server can
// send everything under the prefix to this site. REMIX_BUILD_DIRECTORY puts such a build beside
// the standalone one instead of over it.
const basename = (process.env.REMIX_BASENAME || '/').replace(/\/+$/, '') || '/';
if (!basename.startsWith('/')) throw new Error(`REMIX_BASENAME must start with "/": ${JSON.stringify(basename)}`);

export default defineConfig({
  base: basename === '/' ? '/' : `${basename}/`,
  plugins: [
    remix({
      basename,
      buildDirectory: process.env.REMIX_BUILD_DIRECTORY || 'build',
      // Classic Remix v2 data requests (`?_data=`); see @graft/remix's README on reserved URLs.
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: false,
        v3_routeConfig: false,
      },
    }),
  ],
});
