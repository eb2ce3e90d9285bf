import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared';

// The tests start the built demo (`npm run build` first; turbo's `test` depends on it), one
// server at a time: each file runs on its own, its servers stopped at the end.
export default mergeConfig(
  shared,
  defineConfig({
    test: {
      fileParallelism: false,
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  }),
);
