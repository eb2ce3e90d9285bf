import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The tests start the built demo (`npm run build` first; turbo's `test` depends on it), one
// server at a time, each stopped at the end.
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 100_000,
  },
});
