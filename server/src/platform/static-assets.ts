import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZApp } from './zod-app.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A file of the built web app: no session is loaded for it (see accounts' registerSessionLoading). */
    webAppFile?: boolean;
  }
}

/** One file of the built web app, held in memory with its precompressed copies (web/build/precompress.ts). */
export interface WebAppFile {
  type: string;
  cacheControl: string;
  /** One validator per representation: a cache holding the brotli body must not revalidate the gzip one. */
  identity: Representation;
  br?: Representation;
  gzip?: Representation;
}

interface Representation {
  body: Buffer;
  etag: string;
  encoding?: 'br' | 'gzip';
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Vite names every built asset `<name>-<hash>.<ext>`: its content never changes under that name. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current assets: the browser must ask every time (cheaply: If-None-Match → 304). */
export const REVALIDATE = 'no-cache';

function representation(body: Buffer, encoding?: 'br' | 'gzip'): Representation {
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
  return { body, etag: `"${hash}${encoding ? `-${encoding}` : ''}"`, encoding };
}

/**
 * Reads the whole build into memory once, at start: a few megabytes, and each request is then a lookup
 * and a write — no stat, no open, no stream — which is what @fastify/static cost (issue 15: assets served
 * at a tenth of a bare route). Keys are URL paths (`/assets/index-abc.js`, `/index.html`, `/favicon.svg`).
 */
export function loadWebApp(dist: string): Map<string, WebAppFile> {
  const files = new Map<string, WebAppFile>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        walk(full);
        continue;
      }
      if (name.endsWith('.br') || name.endsWith('.gz') || name.endsWith('.map')) continue;
      const urlPath = `/${path.relative(dist, full).split(path.sep).join('/')}`;
      const body = readFileSync(full);
      // A copy left from another build (a file rewritten without its copies) would send other bytes
      // under this name: a copy is served only if it decompresses to the file itself.
      const copy = (suffix: string, inflate: (b: Buffer) => Buffer) => {
        if (!existsSync(full + suffix)) return undefined;
        const compressed = readFileSync(full + suffix);
        try {
          return inflate(compressed).equals(body) ? compressed : undefined;
        } catch {
          return undefined;
        }
      };
      const br = copy('.br', brotliDecompressSync);
      const gz = copy('.gz', gunzipSync);
      files.set(urlPath, {
        type: TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream',
        cacheControl: urlPath.startsWith('/assets/') ? IMMUTABLE : REVALIDATE,
        identity: representation(body),
        br: br && representation(br, 'br'),
        gzip: gz && representation(gz, 'gzip'),
      });
    }
  };
  walk(dist);
  return files;
}

/**
 * The coding a client accepts among those on offer, brotli before gzip (smaller by a tenth to a fifth on
 * this app's files), honouring `q=0` ("not this one") and `*`; undefined: send it as it is.
 */
export function preferredCoding(
  header: string | undefined,
  offered: { br: boolean; gzip: boolean },
): 'br' | 'gzip' | undefined {
  if (!header) return undefined;
  const q = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const accepts = (coding: string) => (q.get(coding) ?? q.get('*') ?? 0) > 0;
  if (offered.br && accepts('br')) return 'br';
  if (offered.gzip && (accepts('gzip') || accepts('x-gzip'))) return 'gzip';
  return undefined;
}

function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  // weak comparison, as RFC 9110 asks for If-None-Match
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export function sendWebAppFile(request: FastifyRequest, reply: FastifyReply, file: WebAppFile) {
  const coding = preferredCoding(request.headers['accept-encoding'], { br: !!file.br, gzip: !!file.gzip });
  const chosen = (coding && file[coding]) || file.identity;
  reply.header('content-type', file.type).header('cache-control', file.cacheControl).header('etag', chosen.etag);
  if (file.br || file.gzip) reply.header('vary', 'Accept-Encoding');
  if (matchesEtag(request.headers['if-none-match'], chosen.etag)) return reply.code(304).send();
  if (chosen.encoding) reply.header('content-encoding', chosen.encoding);
  return reply.send(chosen.body);
}

/**
 * Serves the built web app from memory: `/assets/*` (hashed: cached for a year, immutable), the other
 * files of the build's root (favicon …) and `/` (index.html, `no-cache` with an ETag). Client-side routes
 * get index.html from the not-found handler (app.ts) through `sendIndex`. Missing assets fall through to
 * the JSON 404.
 */
export function serveWebApp(
  app: ZApp,
  dist: string,
): { sendIndex(request: FastifyRequest, reply: FastifyReply): unknown } {
  const files = loadWebApp(dist);
  const index = files.get('/index.html');
  if (!index) throw new Error(`${dist} has no index.html`);
  const config = { webAppFile: true };
  const sendIndex = (request: FastifyRequest, reply: FastifyReply) => sendWebAppFile(request, reply, index);

  app.get('/', { schema: { hide: true }, config }, sendIndex);
  app.get<{ Params: { '*': string } }>('/assets/*', { schema: { hide: true }, config }, (request, reply) => {
    const file = files.get(`/assets/${request.params['*']}`);
    return file ? sendWebAppFile(request, reply, file) : reply.callNotFound();
  });
  for (const [urlPath, file] of files) {
    if (urlPath.startsWith('/assets/')) continue;
    app.get(urlPath, { schema: { hide: true }, config }, (request, reply) => sendWebAppFile(request, reply, file));
  }
  return { sendIndex };
}
