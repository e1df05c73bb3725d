// Size report: raw, gzip-9 and brotli-11 bytes of every build in dist/ (run `pnpm build` first).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

export function sizeReport(): { file: string; raw: number; gzip: number; brotli: number }[] {
  return readdirSync(dist)
    .filter((f) => /\.m?js$/.test(f))
    .sort()
    .map((file) => {
      const bytes = readFileSync(dist + file);
      return {
        file,
        raw: bytes.length,
        gzip: gzipSync(bytes, { level: 9 }).length,
        brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      };
    });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.table(sizeReport());
