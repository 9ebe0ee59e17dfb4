import { createHash } from 'node:crypto';
import { countyDateOf, NEXT_CURSOR_HEADER } from '@zhongli/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from './clock.js';
import { readDataVersionKey, type DataDependency } from './data-versions.js';
import type { Db } from './deps.js';

/**
 * The public cache: the answers every resident opens (the week's menu, the shelf, the honour roll,
 * the results wall, the waiting-hall display) kept in this process, keyed on
 *   the route and its parsed params and query  +  the data versions the answer depends on
 *   +  the county date (answers that depend on "today": the honour roll's month, rules in force).
 * A request reads the versions (one indexed query) and serves the stored body when they match, so a
 * write through any instance is seen on the next read here. Only routes that declare `publicCache`
 * take part; they answer without a session and never read the actor, so no one's personal data can
 * be stored. Every cached answer carries a strong ETag (a hash of the body): a matching
 * If-None-Match is answered 304 with no body.
 */
export interface PublicCacheRule {
  /** What the answer is read from, given the route's parsed params and query. */
  depends: (input: { params: Record<string, unknown>; query: Record<string, unknown> }) => DataDependency[];
  /** Browser / proxy freshness: 0 → `no-cache` (revalidate every time: the waiting-hall display). */
  maxAgeSeconds: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    publicCache?: PublicCacheRule;
  }
}

interface Entry {
  versions: string;
  body: string;
  etag: string;
  /** the headers that are part of the answer (the next page's cursor) */
  headers: Record<string, string>;
}

/** Headers kept with a cached body: without them a cached page would lose its link to the next. */
const KEPT_HEADERS = ['content-type', NEXT_CURSOR_HEADER];

/** Whole tables an answer reads. */
export const tables = (...names: string[]): DataDependency[] => names.map((table) => ({ table }));

/** A keyed table's rows of one community / session, or all of them when there is no key. */
export const rowsOf = (table: string, key: unknown): DataDependency =>
  typeof key === 'number' ? { table, key } : { table, anyKey: true };

export interface PublicCacheOptions {
  db: Db;
  clock: Clock;
  /** Off: no version read, no ETag, every request computed (PUBLIC_CACHE=0; the bench's "before"). */
  enabled: boolean;
  maxBytes?: number;
}

const pending = new WeakMap<FastifyRequest, { key: string; versions: string; rule: PublicCacheRule }>();

export function cacheControlOf(rule: PublicCacheRule): string {
  return rule.maxAgeSeconds > 0 ? `public, max-age=${rule.maxAgeSeconds}, must-revalidate` : 'public, no-cache';
}

const etagOf = (body: string) => `"${createHash('sha1').update(body).digest('base64url')}"`;

function matches(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

export function registerPublicCache(app: FastifyInstance, options: PublicCacheOptions) {
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  // Map keeps insertion order: re-inserting on a hit makes the first key the least recently used.
  const entries = new Map<string, Entry>();
  let bytes = 0;
  const stats = { hits: 0, misses: 0 };

  const remove = (key: string) => {
    const old = entries.get(key);
    if (old) bytes -= old.body.length * 2;
    entries.delete(key);
  };
  const store = (key: string, entry: Entry) => {
    remove(key);
    entries.set(key, entry);
    bytes += entry.body.length * 2;
    for (const oldest of entries.keys()) {
      if (bytes <= maxBytes) break;
      remove(oldest);
    }
  };
  const answer = (request: FastifyRequest, reply: FastifyReply, rule: PublicCacheRule, etag: string) => {
    reply.header('etag', etag).header('cache-control', cacheControlOf(rule));
    return matches(request, etag);
  };

  if (!options.enabled) return stats;

  app.addHook('preHandler', async (request, reply) => {
    const rule = request.routeOptions.config.publicCache;
    if (!rule || request.method !== 'GET') return;
    const key = `${request.routeOptions.url}|${JSON.stringify(request.params)}|${JSON.stringify(request.query)}`;
    const versions = `${await readDataVersionKey(options.db, rule.depends({ params: request.params as Record<string, unknown>, query: request.query as Record<string, unknown> }))}|${countyDateOf(options.clock.now())}`;
    const hit = entries.get(key);
    if (hit && hit.versions === versions) {
      stats.hits++;
      entries.delete(key);
      entries.set(key, hit);
      reply.header('x-public-cache', 'hit');
      if (answer(request, reply, rule, hit.etag)) return reply.code(304).send();
      return reply.headers(hit.headers).send(hit.body);
    }
    stats.misses++;
    pending.set(request, { key, versions, rule });
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const miss = pending.get(request);
    if (!miss || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    pending.delete(request);
    const etag = etagOf(payload);
    reply.header('x-public-cache', 'miss');
    store(miss.key, {
      versions: miss.versions,
      body: payload,
      etag,
      headers: Object.fromEntries(
        KEPT_HEADERS.flatMap((name) => {
          const value = reply.getHeader(name);
          return value === undefined ? [] : [[name, String(value)]];
        }),
      ),
    });
    if (answer(request, reply, miss.rule, etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });
  return stats;
}
