import type { Plugin } from 'vite';

/**
 * uPlot's author builds it with feature flags (FEAT_PATHS_STEPPED, FEAT_PATHS_BARS,
 * FEAT_PATHS_SPLINE, FEAT_JOIN, …) so a page can leave out what it never uses; the npm package
 * ships one build with all of them and no source to rebuild. The widget draws lines only (uPlot's
 * default `linear` paths) from data it aligns itself, so this unhooks the stepped, bars and spline
 * path builders and the `uPlot.join` data helper, and the minifier drops them: ≈ 2.5 KB gzip of
 * the ≈ 22.8 KB chart chunk, as uPlot's own build without those flags would be.
 *
 * It fails the build when uPlot's code no longer reads as expected, so an upgrade cannot silently
 * bring the bytes back (or unhook something else).
 */
const UNHOOK = ['(paths.stepped = stepped);', '(paths.bars    = bars);', '(paths.spline  = monotoneCubic);', 'uPlot.join = join;'];

export function uplotLinesOnly(): Plugin {
  return {
    name: 'northstar:uplot-lines-only',
    transform(code, id) {
      if (!/[\\/]uplot[\\/]dist[\\/]uPlot\.esm\.js$/.test(id)) return null;
      let out = code;
      for (const line of UNHOOK) {
        if (!out.includes(line)) this.error(`uPlot changed: "${line}" is not in ${id}; update scripts/uplot-lines-only.ts`);
        out = out.replace(line, '');
      }
      return { code: out, map: null };
    },
  };
}
