import { defineProject } from 'vitest/config';

export default defineProject({
  // Unit tests run the debug build's code paths, warnings included.
  define: { __DEBUG__: 'true' },
  test: { name: 'tracker', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
