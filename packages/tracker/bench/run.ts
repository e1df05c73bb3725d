// `pnpm --filter @northstar/tracker bench`: builds, then reports sizes and track() cost.
import { buildAll } from '../build.ts';
import { sizeReport } from './size.ts';
import { trackBench } from './track.ts';

await buildAll();
console.log('Builds (bytes):');
console.table(sizeReport());
console.log('track() in Chromium:');
console.table(await trackBench());
