import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'demo',
    include: ['test/**/*.test.ts', '*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
