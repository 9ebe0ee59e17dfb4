import path from 'node:path';
import { normalizePhone } from '@zhongli/domain';
import type { Config } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/connect.js';
import { prepareDatabase } from './db/prepare.js';
import { withStartupLock } from './db/startup-lock.js';
import { databaseBlobStore, importUploadedFiles } from './platform/blobs.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { AppDeps } from './platform/deps.js';
import { ensureCenterAdmin } from './modules/accounts/index.js';
import { seedDemoCounty } from './demo/seed.js';

/**
 * Opens and prepares the database and returns what the app and the scripts need. Several
 * instances may start at once on one PostgreSQL database: the first does the work, the others
 * wait for its lock and find it done.
 */
export async function bootstrap(
  config: Config,
  clock: Clock = systemClock,
  handle: DatabaseHandle = openDatabase(config),
): Promise<{ deps: AppDeps; handle: DatabaseHandle }> {
  const deps = await withStartupLock(handle.db, handle.dialect, async () => {
    const { idDigestKey } = await prepareDatabase(handle.db, handle.dialect, config.centerName, {
      idDigestKey: config.idDigestKey,
    });
    const deps: AppDeps = {
      db: handle.db,
      dialect: handle.dialect,
      clock,
      config: {
        sessionSecret: config.sessionSecret,
        cookieSecure: config.cookieSecure,
        centerName: config.centerName,
        publicUrl: config.publicUrl,
        demoPublicUrl: config.demoPublicUrl,
      },
      idDigestKey,
      blobs: databaseBlobStore(handle.db, clock),
    };
    await importUploadedFiles(deps.blobs, path.join(config.dataDir, 'uploads'));
    if (config.demo) await seedDemoCounty(deps);
    await ensureAdmin(deps, config);
    return deps;
  });
  return { deps, handle };
}

/** ADMIN_PHONE + ADMIN_PASSWORD create the center admin on first start, if that phone has no account yet. */
async function ensureAdmin(deps: AppDeps, config: Config): Promise<void> {
  if (!config.adminPhone || !config.adminPassword) return;
  const phone = normalizePhone(config.adminPhone);
  if (!phone) throw new Error(`ADMIN_PHONE is not a mainland mobile number: ${config.adminPhone}`);
  await ensureCenterAdmin({ deps, phone, password: config.adminPassword });
}
