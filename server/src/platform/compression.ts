import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { preferredCoding } from './static-assets.js';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Below this the compressed body plus its header saves next to nothing, and costs CPU. */
export const COMPRESS_MIN_BYTES = 1024;
const COMPRESSIBLE = /^(application\/json|application\/problem\+json|text\/|image\/svg\+xml)/;

function isCompressibleType(reply: FastifyReply): boolean {
  const type = reply.getHeader('content-type');
  return typeof type === 'string' && COMPRESSIBLE.test(type);
}

/**
 * Compresses answers written whole — JSON (lists, the dashboard), SVG charts, CSV — above 1 kB, when the
 * client accepts it: brotli at quality 4 (about gzip -6's speed, smaller), else gzip. Streams (the Excel
 * exports, photos) pass untouched, as does anything already encoded (the web app's precompressed files),
 * so nothing is compressed twice. Runs on the thread pool, off the event loop.
 */
export function registerResponseCompression(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (reply.hasHeader('content-encoding') || !isCompressibleType(reply)) return payload;
    const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
    if (size < COMPRESS_MIN_BYTES) return payload;
    const vary = reply.getHeader('vary');
    if (!vary) reply.header('vary', 'Accept-Encoding');
    else if (!/accept-encoding/i.test(String(vary))) reply.header('vary', `${String(vary)}, Accept-Encoding`);
    const coding = preferredCoding(request.headers['accept-encoding'], { br: true, gzip: true });
    if (!coding) return payload;
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    const compressed =
      coding === 'br'
        ? await brotli(body, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
          })
        : await gzipAsync(body, { level: 6 });
    reply.header('content-encoding', coding);
    reply.removeHeader('content-length');
    // A strong ETag promises these exact bytes; the plain and compressed forms share the body's hash,
    // so the compressed form's validator is weak (If-None-Match compares weakly: 304s still work).
    const etag = reply.getHeader('etag');
    if (typeof etag === 'string' && etag.startsWith('"')) reply.header('etag', `W/${etag}`);
    return compressed;
  });
}
