// vitest globalSetup: build dist/ once, so the size test and the browser specs (and the collector's
// GET /tracker.js) all use a fresh build of the current source.
import { buildAll } from '../../build.ts';

export default async function setup(): Promise<void> {
  await buildAll();
}
