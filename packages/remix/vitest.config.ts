import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Builds the Remix v2 and React Router 7 fixture sites once, before any test file runs.
    globalSetup: ['./src/test-support/build-fixtures.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
