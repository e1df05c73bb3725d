import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { uplotLinesOnly } from './scripts/uplot-lines-only.ts';

const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

/**
 * Library builds of the elements, with no hash in any name so the server can serve them at fixed
 * paths (GET /widget.js, /widget-<name>.js):
 * - default mode: dist/widget.js (ES module, registers <north-star-metric>), widget-details.js and
 *   widget-chart.js (uPlot), loaded by widget.js relative to itself once a number has painted;
 * - `--mode candidates`: dist/widget-candidates.js (registers <north-star-candidates>), a separate
 *   self-contained build so widget.js shares no chunk with it and metric-only pages never load it.
 */
export default defineConfig(({ mode }) => {
  const candidates = mode === 'candidates';
  return {
    plugins: [uplotLinesOnly()],
    // A mode other than production would otherwise compile JSX for development (file names, line numbers).
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: false } },
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      target: 'es2022',
      outDir: fileURLToPath(new URL('./dist', import.meta.url)),
      // The candidates build runs second and adds its file beside the others.
      emptyOutDir: !candidates,
      sourcemap: false,
      // Library mode leaves ES output unminified by default; the size budget is for what ships.
      minify: true,
      lib: {
        entry: candidates ? src('candidates.ts') : src('widget.ts'),
        formats: ['es'],
        fileName: () => (candidates ? 'widget-candidates.js' : 'widget.js'),
      },
      rolldownOptions: {
        preserveEntrySignatures: false,
        output: {
          chunkFileNames: 'widget-[name].js',
          minify: true,
          // Pure annotations help a bundler downstream; these files are not bundled again, and ≈ 90
          // of them cost ≈ 0.1 KB gzip in the first paint.
          comments: { legal: true, annotation: false, jsdoc: false },
        },
      },
    },
  };
});
