import { defineProject } from 'vitest/config';

export default defineProject({
  // Unit tests run the debug build's code paths, warnings included.
  define: { __DEBUG__: 'true' },
  test: {
    name: 'tracker',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/lib/build-once.ts'],
    // Browser specs wait for real deliveries and retries.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
