// Every build of the tracker, in one place. `pnpm --filter @northstar/tracker build` writes them to dist/.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export interface Variant {
  /** File written under the output folder. */
  file: string;
  entry: string;
  format: 'iife' | 'es';
  /** Keeps the warnings (`__DEBUG__` true) and skips minification, for reading in devtools. */
  debug?: boolean;
}

export const VARIANTS: Variant[] = [
  // The script-tag build, served by the collector at GET /tracker.js.
  { file: 'tracker.js', entry: 'src/script-tag.ts', format: 'iife' },
  { file: 'tracker.debug.js', entry: 'src/script-tag.ts', format: 'iife', debug: true },
  // The ES module: import { init, track } from '…/tracker.mjs'.
  { file: 'tracker.mjs', entry: 'src/index.ts', format: 'es' },
  { file: 'tracker.debug.mjs', entry: 'src/index.ts', format: 'es', debug: true },
  // The stub snippet, to inline before the script tag.
  { file: 'stub.js', entry: 'src/stub.ts', format: 'iife' },
];

const root = fileURLToPath(new URL('.', import.meta.url));

/** Builds every variant into `outDir` (absolute, or relative to packages/tracker). */
export const buildAll = async (outDir = 'dist'): Promise<void> => {
  for (const variant of VARIANTS) {
    await build({
      root,
      configFile: false,
      logLevel: 'warn',
      define: { __DEBUG__: String(!!variant.debug) },
      build: {
        outDir,
        emptyOutDir: false,
        target: 'es2021',
        minify: !variant.debug,
        lib: { entry: variant.entry, formats: [variant.format], fileName: () => variant.file, name: 'northstar' },
        // Vite keeps the whitespace of ES-format libraries (for the consumer's bundler); this one is also
        // loaded as it is, so it is minified like the script-tag build.
        rolldownOptions: { output: { minify: !variant.debug } },
      },
    });
  }
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildAll();
