// The byte budget (issue 4), on the fresh build globalSetup made. A ceiling is raised only in the commit
// that causes the growth, saying why.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const read = (file: string) => readFileSync(fileURLToPath(new URL(`../dist/${file}`, import.meta.url)));
const gzip = (b: Buffer) => gzipSync(b, { level: 9 }).length;
const brotli = (b: Buffer) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

// Strings only the debug build may carry: warnings, and idb-keyval's default store we do not use.
const DEBUG_ONLY = [
  '[northstar]',
  'console',
  'IndexedDB unavailable',
  'collector rejected',
  'collector refused',
  'could not deliver',
  'not tracking',
  'Do-Not-Track',
  'data-track-webdriver',
  'opted out',
  'keyval-store',
];

describe('size', () => {
  it('should keep the script-tag build, idb-keyval included, within 1,700 B gzip-9 and 1,500 B brotli-11', () => {
    const tracker = read('tracker.js');
    expect(gzip(tracker)).toBeLessThanOrEqual(1700);
    expect(brotli(tracker)).toBeLessThanOrEqual(1500);
  });

  it('should keep the stub snippet within 300 B', () => {
    expect(read('stub.js').length).toBeLessThanOrEqual(300);
  });

  it('should strip every warning from the production builds and keep them in the debug builds', () => {
    for (const file of ['tracker.js', 'tracker.mjs', 'stub.js']) {
      const text = read(file).toString();
      for (const s of DEBUG_ONLY) expect(text, `${file} contains "${s}"`).not.toContain(s);
    }
    for (const file of ['tracker.debug.js', 'tracker.debug.mjs']) {
      const text = read(file).toString();
      expect(text).toContain('[northstar]');
      expect(text).toContain('IndexedDB unavailable');
      expect(text).toContain('data-track-webdriver');
      expect(text).toContain('collector refused');
    }
  });

  it('should bundle idb-keyval into the script-tag build (it has no other way to load it)', () => {
    expect(read('tracker.js').toString()).toContain('indexedDB.open');
  });
});

describe('README', () => {
  it('should show the stub snippet exactly as built', () => {
    const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    expect(readme).toContain(`<script>${read('stub.js').toString().trim()}</script>`);
  });
});
