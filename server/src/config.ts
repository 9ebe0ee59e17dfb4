import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PUBLIC_URL_RULE, normalizePublicUrl } from '@zhongli/domain';
import { DEFAULT_PROXY_NETWORKS } from './platform/proxy-trust.js';

/** Everything the server reads from its environment, read once at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  demo: boolean;
  adminPhone?: string;
  adminPassword?: string;
  sessionSecret: string;
  /** The key that recognises a second registration of one ID number (ID_DIGEST_KEY); kept in the database when unset. */
  idDigestKey?: string;
  centerName: string;
  /** Serve the built web app from this folder, when it exists. */
  webDist?: string;
  /** Secure cookies: on behind HTTPS (set COOKIE_SECURE=1 or run with NODE_ENV=production behind TLS). */
  cookieSecure: boolean;
  logLevel: string;
  /**
   * How many reverse proxies stand in front of the server (TRUST_PROXY_HOPS; TRUST_PROXY=1 means one). The
   * client address is taken that many hops back in X-Forwarded-For; anything a client wrote further back is
   * ignored, so it can neither escape the per-address sign-in limit nor pass as another address.
   */
  trustProxyHops: number;
  /** Where those proxies stand (TRUST_PROXY_FROM, IPs or CIDRs; default loopback and private networks). */
  trustProxyFrom: string[];
  /** Refuse a response with fields its schema does not list (STRICT_RESPONSES=1; the tests and journeys set it). */
  strictResponses: boolean;
  /** Keep public answers in memory, keyed on the data versions (PUBLIC_CACHE=0 turns it off). */
  publicCache?: boolean;
  /**
   * PUBLIC_URL: the address people reach the platform at, the base of every absolute link (QR codes, the
   * article, calendar feeds). When set it wins over 中心信息; a request's Host header is never used.
   */
  publicUrl?: string;
  /** In demo mode without PUBLIC_URL: http://localhost:PORT, so the quick start's posters work. */
  demoPublicUrl?: string;
  /** NODE_ENV=production or COOKIE_SECURE=1: a missing public address is worth a warning. */
  production: boolean;
  /** Set when a relative DATA_DIR was found with data only at its old place (under the working directory). */
  dataDirWarning?: string;
}

/** The demo county's center (the newspaper story's 闻喜县). */
export const DEMO_CENTER_NAME = '闻喜县社区服务中心';

/** The repository root: relative paths in the configuration are read from here, as the README says. */
const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '../..');

const holdsData = (dir: string) =>
  existsSync(path.join(dir, 'zhongli.sqlite')) || existsSync(path.join(dir, 'session-secret'));

/**
 * A relative DATA_DIR is read from the repository root. Earlier versions read it from the working
 * directory (`server/` under `npm start`); an installation with data only there keeps using it,
 * with a warning, rather than starting empty beside its own database.
 */
export function resolveDataDir(
  raw: string | undefined,
  places: { root: string; cwd: string } = { root: REPOSITORY_ROOT, cwd: process.cwd() },
): { dataDir: string; warning?: string } {
  const value = raw || './data';
  if (path.isAbsolute(value)) return { dataDir: path.resolve(value) };
  const dataDir = path.resolve(places.root, value);
  const old = path.resolve(places.cwd, value);
  if (old !== dataDir && holdsData(old) && !holdsData(dataDir))
    return {
      dataDir: old,
      warning: `DATA_DIR ${value} now means ${dataDir} (under the repository root); its data is still at ${old}, which is used for now — move it there or set DATA_DIR=${old}`,
    };
  return { dataDir };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, places?: { root: string; cwd: string }): Config {
  const { dataDir, warning: dataDirWarning } = resolveDataDir(env.DATA_DIR, places);
  mkdirSync(dataDir, { recursive: true });
  const port = Number(env.PORT || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const demo = env.DEMO !== '0';
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    demo,
    adminPhone: env.ADMIN_PHONE || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    sessionSecret: env.SESSION_SECRET || persistedSecret(dataDir),
    idDigestKey: idDigestKey(env),
    // A real install starts with a neutral name until 中心信息 names it; only the demo county has its own.
    centerName: env.CENTER_NAME || (demo ? DEMO_CENTER_NAME : '社区服务中心'),
    webDist: env.WEB_DIST ? path.resolve(env.WEB_DIST) : defaultWebDist(),
    cookieSecure: env.COOKIE_SECURE === '1',
    logLevel: env.LOG_LEVEL || 'info',
    strictResponses: env.STRICT_RESPONSES === '1',
    publicCache: env.PUBLIC_CACHE !== '0',
    publicUrl: publicUrl(env),
    demoPublicUrl: demo ? `http://localhost:${port}` : undefined,
    production: env.NODE_ENV === 'production' || env.COOKIE_SECURE === '1',
    dataDirWarning,
    trustProxyHops: proxyHops(env),
    trustProxyFrom: env.TRUST_PROXY_FROM
      ? env.TRUST_PROXY_FROM.split(',')
          .map((n) => n.trim())
          .filter(Boolean)
      : DEFAULT_PROXY_NETWORKS,
  };
}

function publicUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.PUBLIC_URL) return undefined;
  const url = normalizePublicUrl(env.PUBLIC_URL);
  if (!url)
    throw new Error(
      `PUBLIC_URL must be an absolute http:// or https:// address without query or fragment (${PUBLIC_URL_RULE}), got ${env.PUBLIC_URL}`,
    );
  return url;
}

function proxyHops(env: NodeJS.ProcessEnv): number {
  if (env.TRUST_PROXY_HOPS) {
    const hops = Number(env.TRUST_PROXY_HOPS);
    if (!/^\d+$/.test(env.TRUST_PROXY_HOPS) || hops > 10)
      throw new Error(`TRUST_PROXY_HOPS must be a number of proxies from 0 to 10, got ${env.TRUST_PROXY_HOPS}`);
    return hops;
  }
  // The older switch: one proxy.
  return env.TRUST_PROXY === '1' ? 1 : 0;
}

/**
 * Without SESSION_SECRET a random secret is kept in DATA_DIR, so restarts keep everyone signed
 * in. Several instances behind a balancer must share one SESSION_SECRET.
 */
function persistedSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function defaultWebDist(): string | undefined {
  const dist = path.resolve(import.meta.dirname, '../../web/dist');
  return existsSync(path.join(dist, 'index.html')) ? dist : undefined;
}

function idDigestKey(env: NodeJS.ProcessEnv): string | undefined {
  const key = env.ID_DIGEST_KEY?.trim();
  if (!key) return undefined;
  if (key.length < 32) throw new Error('ID_DIGEST_KEY must be at least 32 characters (openssl rand -base64 32)');
  return key;
}
