/**
 * Builds dist/ once before the widget's tests: the size test and the Chromium specs run against the
 * exact files the server ships, never against a stale build.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export default async function setup() {
  const configFile = fileURLToPath(new URL('../vite.config.ts', import.meta.url));
  await build({ configFile, logLevel: 'warn' });
  await build({ configFile, mode: 'candidates', logLevel: 'warn' });
}
