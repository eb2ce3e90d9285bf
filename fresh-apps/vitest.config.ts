import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // Runs the README's `npm run pack` once, before any fresh app installs the tarballs.
      globalSetup: ['./src/test-support/pack-once.ts'],
      // One fresh app at a time: each installs, builds and serves a real app on two shared cores.
      fileParallelism: false,
      // Installs, builds and dev servers of real apps; each step inside is bounded by its own,
      // shorter timeout.
      testTimeout: 180_000,
      hookTimeout: 300_000,
    },
  }),
);
