import { defineProject } from 'vitest/config';

export default defineProject({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    name: 'widget',
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    // Unit tests render in happy-dom; test/ specs drive real Chromium from node (they say so per file).
    environment: 'happy-dom',
    globalSetup: ['./test/build.global.ts'],
    // "as of …" is shown in the reader's time zone: pin the unit tests' (the Chromium specs set theirs per context).
    env: { TZ: 'UTC' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
