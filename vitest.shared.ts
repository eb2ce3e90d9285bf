/**
 * What every package's and app's vitest config shares: the tests are the `*.test.ts` files beside
 * the code (`src/`) or in the app's `test/` folder, and a test or a hook has 30 s (they start real
 * servers and processes; a wait inside a test is bounded by its own, shorter timeout). Each
 * `vitest.config.ts` merges this with `mergeConfig` and adds only what differs for it.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{src,test}/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
