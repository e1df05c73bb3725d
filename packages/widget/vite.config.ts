import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Library build of the element: dist/widget.js (ES module, registers <north-star-metric>) and
 * dist/widget-chart.js (uPlot), loaded by widget.js relative to itself once a number has painted.
 * Chunk names carry no hash so the server can serve them at fixed paths (GET /widget.js, /widget-chart.js).
 */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    target: 'es2022',
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    // Library mode leaves ES output unminified by default; the size budget is for what ships.
    minify: true,
    lib: { entry: fileURLToPath(new URL('./src/widget.ts', import.meta.url)), formats: ['es'], fileName: () => 'widget.js' },
    rolldownOptions: {
      preserveEntrySignatures: false,
      output: { chunkFileNames: 'widget-[name].js', minify: true },
    },
  },
});
