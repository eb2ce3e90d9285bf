import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // Builds the Remix v2 and React Router 7 fixture sites once, before any test file runs.
      globalSetup: ['./src/test-support/build-fixtures.ts'],
    },
  }),
);
