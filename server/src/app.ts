import path from 'node:path';
import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { ERROR_CATALOGUE } from '@zhongli/domain';
import type { AppDeps } from './platform/deps.js';
import { answerClientError, answerFrameworkError, registerErrorHandling } from './platform/http-errors.js';
import { registerCsrfGuard } from './platform/csrf.js';
import { registerPrivateNoStore } from './platform/cache-control.js';
import { registerPublicCache } from './platform/public-cache.js';
import { registerJsonBodyParser } from './platform/json-body.js';
import { registerResponseCompression } from './platform/compression.js';
import { serveWebApp } from './platform/static-assets.js';
import { createContractSerializer } from './platform/contract.js';
import { proxyTrust } from './platform/proxy-trust.js';
import type { ZApp } from './platform/zod-app.js';
import { accountsRoutes, registerSessionLoading } from './modules/accounts/index.js';
import { auditRoutes } from './modules/audit/index.js';
import { communitiesRoutes, holidaysRoutes } from './modules/communities/index.js';
import { merchantPartnersRoutes, merchantsRoutes } from './modules/merchants/index.js';
import { partnersRoutes } from './modules/partners/index.js';
import { residentsRoutes } from './modules/residents/index.js';
import { pointsRoutes } from './modules/points/index.js';
import { shopRoutes } from './modules/shop/index.js';
import { vouchersRoutes } from './modules/vouchers/index.js';
import { notificationsRoutes } from './modules/notifications/index.js';
import { activitiesRoutes } from './modules/activities/index.js';
import { menusRoutes } from './modules/menus/index.js';
import { servicesRoutes } from './modules/services/index.js';
import { needsRoutes } from './modules/needs/index.js';
import { callsRoutes } from './modules/calls/index.js';
import { hoursRoutes } from './modules/hours/index.js';
import { reportsRoutes } from './modules/reports/index.js';
import { publicityRoutes } from './modules/publicity/index.js';
import { importsRoutes } from './modules/imports/index.js';
import { setupRoutes } from './modules/setup/index.js';
import { statsRoutes } from './modules/stats/index.js';

export interface AppOptions {
  logger?: boolean | { level: string };
  /** The built web app (web/dist); served with a fallback to index.html for client-side routes. */
  webDist?: string;
  /** Reverse proxies in front and where they stand (Config.trustProxyHops, trustProxyFrom); none by default. */
  proxies?: { hops: number; from: readonly string[] };
  /** A response field its route's schema does not list fails the request (tests) instead of being dropped. */
  strictResponses?: boolean;
  /** How long a client may take to send a request; tests shorten these (see REQUEST_TIMEOUTS). */
  timeouts?: RequestTimeouts;
  /** The in-process cache of public answers (`platform/public-cache.ts`); on unless false (PUBLIC_CACHE=0). */
  publicCache?: boolean;
}

export interface RequestTimeouts {
  /** A connection that sends nothing for this long is closed (a stalled body, an idle keep-alive). */
  idleMs: number;
  /** The request line and headers must arrive within this (slowloris). */
  headersMs: number;
  /** The whole request, body included, must arrive within this: a photo from a phone on a slow network fits. */
  requestMs: number;
}

/**
 * Node's own defaults hold a stalled request open for minutes. The idle deadline is exact; Node
 * checks the header and whole-request deadlines every few seconds (`connectionsCheckingInterval`
 * below), so those are noticed up to 5 s late.
 */
export const REQUEST_TIMEOUTS: RequestTimeouts = { idleMs: 30_000, headersMs: 20_000, requestMs: 120_000 };

export async function buildApp(deps: AppDeps, options: AppOptions = {}): Promise<FastifyInstance> {
  const timeouts = options.timeouts ?? REQUEST_TIMEOUTS;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: options.proxies?.hops ? proxyTrust(options.proxies.hops, options.proxies.from) : false,
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    connectionTimeout: timeouts.idleMs,
    requestTimeout: timeouts.requestMs,
    http: {
      headersTimeout: timeouts.headersMs,
      connectionsCheckingInterval: Math.min(timeouts.headersMs, 5_000),
    },
  }).withTypeProvider<ZodTypeProvider>() as ZApp;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(createContractSerializer({ strict: options.strictResponses ?? false }));
  registerErrorHandling(app);
  registerJsonBodyParser(app);

  await app.register(helmet, {
    // The web app is served from this origin only; QR codes are inline SVG.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'self'"],
        // Community centers run this on plain HTTP inside their LAN too; upgrading would break it.
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie, { secret: deps.config.sessionSecret });
  await app.register(swagger, {
    openapi: {
      info: {
        title: '众力 Zhongli API',
        version: '0.1.0',
        description: '社区服务中心居民参与平台 — the HTTP contract (see shared/docs/api.md)',
      },
      tags: [
        'accounts',
        'communities',
        'residents',
        'merchants',
        'audit',
        'points',
        'shop',
        'vouchers',
        'notifications',
        'activities',
        'partners',
        'menus',
        'needs',
        'publicity',
        'services',
      ].map((name) => ({ name })),
    },
    transform: jsonSchemaTransform,
  });

  registerCsrfGuard(app);
  registerSessionLoading(app, deps);
  registerPrivateNoStore(app);
  registerResponseCompression(app);
  registerPublicCache(app, { db: deps.db, clock: deps.clock, enabled: options.publicCache ?? true });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok', db: deps.dialect }));
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  accountsRoutes(app, deps);
  communitiesRoutes(app, deps);
  holidaysRoutes(app, deps);
  residentsRoutes(app, deps);
  merchantsRoutes(app, deps);
  merchantPartnersRoutes(app, deps);
  auditRoutes(app, deps);
  pointsRoutes(app, deps);
  shopRoutes(app, deps);
  vouchersRoutes(app, deps);
  notificationsRoutes(app, deps);
  activitiesRoutes(app, deps);
  partnersRoutes(app, deps);
  menusRoutes(app, deps);
  servicesRoutes(app, deps);
  needsRoutes(app, deps);
  callsRoutes(app, deps);
  setupRoutes(app, deps);
  publicityRoutes(app, deps);
  statsRoutes(app, deps);
  hoursRoutes(app, deps);
  reportsRoutes(app, deps);
  importsRoutes(app, deps);

  const webDist = options.webDist && existsSync(path.join(options.webDist, 'index.html')) ? options.webDist : undefined;
  const webApp = webDist ? serveWebApp(app, webDist) : undefined;
  registerNotFound(app, webApp?.sendIndex);
  return app;
}

/** Client-side routes (/console/residents …) get the web app's index.html; anything else a JSON 404. */
function registerNotFound(
  app: ZApp,
  sendIndex: ((request: FastifyRequest, reply: FastifyReply) => unknown) | undefined,
) {
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0]!;
    const isPage = request.method === 'GET' && !pathname.startsWith('/api/') && !path.extname(pathname);
    if (sendIndex && isPage) return sendIndex(request, reply);
    return reply.status(404).send({ error: { code: 'NOT_FOUND', message: ERROR_CATALOGUE.NOT_FOUND.message } });
  });
}
