import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The full reliability run (`pnpm test:reliability`): the same files as the CI-sized versions in
 * `pnpm test`, at full size (24 kills, 60 s of load, over 10,000 hostile cases). Files run one
 * at a time so each one's server has the machine's cores to itself and the figures mean something.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'reliability',
    include: ['test/reliability/**/*.test.ts'],
    env: { NORTHSTAR_FULL: '1' },
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
    reporters: ['default', fileURLToPath(new URL('../../scripts/summary-reporter.ts', import.meta.url))],
  },
});
