import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared';

// The tests start the built demo (`npm run build` first; turbo's `test` depends on it), one
// server at a time, each stopped at the end.
export default mergeConfig(
  shared,
  defineConfig({
    resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
    test: {
      fileParallelism: false,
      testTimeout: 60_000,
      hookTimeout: 100_000,
    },
  }),
);
