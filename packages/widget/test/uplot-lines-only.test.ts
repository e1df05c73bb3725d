// @vitest-environment node
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { uplotLinesOnly } from '../scripts/uplot-lines-only.ts';

const UPLOT = createRequire(import.meta.url).resolve('uplot/dist/uPlot.esm.js');
// The plugin's transform, called as the bundler does: `this.error` throws.
const transform = (code: string, id: string) =>
  (uplotLinesOnly().transform as (this: unknown, code: string, id: string) => { code: string } | null).call(
    {
      error(message: string): never {
        throw new Error(message);
      },
    },
    code,
    id,
  );

describe('uplotLinesOnly', () => {
  it('should unhook the stepped, bars and spline path builders and join from the installed uPlot, and keep linear', async () => {
    const out = transform(await readFile(UPLOT, 'utf8'), UPLOT)!.code;
    expect(out).not.toMatch(/paths\.(stepped|bars|spline)\s*=/);
    expect(out).not.toContain('uPlot.join = join');
    expect(out).toContain('(paths.linear  = linear);');
  });

  it('should fail the build, naming the line, when uPlot no longer reads as expected', () => {
    expect(() => transform('export default function uPlot() {}', UPLOT)).toThrow(/uPlot changed: "\(paths\.stepped = stepped\);"/);
  });

  it('should leave every other module alone', () => {
    expect(transform('(paths.stepped = stepped);', '/src/chart.ts')).toBeNull();
  });
});
