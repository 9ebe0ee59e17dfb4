import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Text files worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/;
/** Below this a compressed copy saves less than its own headers cost. */
const MIN_BYTES = 1024;

/**
 * Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip -9) beside every compressible file of
 * the build, once, at build time: the server sends them as they are (`server/src/platform/static-assets.ts`)
 * instead of compressing on every request, and at the highest levels, which are too slow per request.
 * A copy that is not smaller than the file is not written.
 */
export function precompress(): Plugin {
  return {
    name: 'zhongli:precompress',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (!COMPRESSIBLE.test(file.fileName)) continue;
        const source = file.type === 'asset' ? file.source : file.code;
        const raw = typeof source === 'string' ? Buffer.from(source) : Buffer.from(source);
        if (raw.length < MIN_BYTES) continue;
        const br = brotliCompressSync(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 11,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          },
        });
        const gz = gzipSync(raw, { level: 9 });
        if (br.length < raw.length) this.emitFile({ type: 'asset', fileName: `${file.fileName}.br`, source: br });
        if (gz.length < raw.length) this.emitFile({ type: 'asset', fileName: `${file.fileName}.gz`, source: gz });
      }
    },
  };
}
