import { defineConfig } from 'vitest/config';

// The tests start the built demo (`npm run build` first; turbo's `test` depends on it), one
// server at a time: each file runs on its own, its servers stopped at the end.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
