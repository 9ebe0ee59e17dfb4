import { loadConfig } from './config.js';
import { bootstrap } from './bootstrap.js';
import { buildApp } from './app.js';
import { sweepSignIns } from './modules/accounts/index.js';
import { deleteExpiredIdempotencyKeys } from './platform/idempotency.js';
import { rerateMonth } from './modules/merchants/index.js';
import { ensureAllServiceSessions } from './modules/services/index.js';
import { centerOf } from './modules/communities/index.js';

const config = loadConfig();
const { deps, handle } = await bootstrap(config);
await rerateMonth(deps);
await ensureAllServiceSessions(deps);
const app = await buildApp(deps, {
  logger: { level: config.logLevel },
  webDist: config.webDist,
  proxies: { hops: config.trustProxyHops, from: config.trustProxyFrom },
  strictResponses: config.strictResponses,
  publicCache: config.publicCache,
});

// Expired sessions, old login failures and idempotency keys are only ever filtered out; sweep them hourly.
const sweep = setInterval(
  async () => {
    try {
      await sweepSignIns(deps);
      await deleteExpiredIdempotencyKeys(deps);
      await rerateMonth(deps); // once per month per merchant; later runs find the month done
      await ensureAllServiceSessions(deps); // keep service sessions generated two months ahead
    } catch (error) {
      app.log.warn({ err: error }, 'sweep failed');
    }
  },
  60 * 60 * 1000,
);
sweep.unref();

async function shutdown(signal: string) {
  app.log.info(`${signal}: shutting down`);
  await app.close();
  await handle.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

if (config.dataDirWarning) app.log.warn(config.dataDirWarning);

// Absolute links (QR codes, the article, calendar feeds) are built on the public address only; in
// production a missing one (or the demo's localhost) means posters that open nowhere.
const { publicUrlSource } = await centerOf(deps);
if (config.production && (publicUrlSource === null || publicUrlSource === 'demo'))
  app.log.warn(
    'PUBLIC_URL is not set: QR codes, the WeChat article and calendar feeds need the public address — set PUBLIC_URL or fill it in 中心信息 (/console/center)',
  );

await app.listen({ port: config.port, host: config.host });
app.log.info(
  `众力 Zhongli on http://localhost:${config.port} — database ${deps.dialect}${config.webDist ? '' : ' (no web build found: API only)'}`,
);
