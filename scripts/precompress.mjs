// Writes `.br` (quality 11) and `.gz` (level 9) beside each of the built app's assets, which the
// server sends as they are to a browser that accepts them (server/src/web.rs): compressing
// the 2.7 MB module on each request took over a second in a debug build, and the best
// quality is too slow to pay per request at all.
// Usage: node scripts/precompress.mjs app/dist
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node scripts/precompress.mjs DIR');
for (const name of readdirSync(dir)) {
  if (!/\.(wasm|js|css|svg)$/.test(name)) continue;
  const path = join(dir, name);
  const bytes = readFileSync(path);
  writeFileSync(`${path}.br`, brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }));
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
}
