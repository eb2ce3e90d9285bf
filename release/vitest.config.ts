import { mergeConfig } from 'vitest/config';
import shared from '../vitest.shared';

// Packing and `attw` take a few seconds per package on two cores.
export default mergeConfig(shared, { test: { testTimeout: 120_000, hookTimeout: 120_000 } });
