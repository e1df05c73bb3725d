import { describe, expect, it } from 'vitest';
import { useFixture } from './lib/fixture.ts';

const f = useFixture();

const misuse = async (build: string) => {
  const page = await f.context.newPage();
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  await page.goto(f.productPage(`/debug-${build}`, { src: `/dist/${build}` }));
  await page.evaluate(() => {
    window.northstar.track('workout completed!');
    window.northstar.track('workout', { nested: { minutes: 17 } as unknown as string });
    return window.northstar.flush();
  });
  return warnings;
};

describe('the debug build', () => {
  it('should explain a bad event name and a prop the collector will reject', async () => {
    const warnings = await misuse('tracker.debug.js');
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('event name "workout completed!" is not 1..64 characters of A-Z a-z 0-9 _ . : -'),
        expect.stringContaining('prop "nested" of "workout" must be a string'),
      ]),
    );
  });

  it('should stay silent in the production build', async () => {
    expect(await misuse('tracker.js')).toEqual([]);
  });
});
