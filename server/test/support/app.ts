import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { prepareDatabase } from '../../src/db/prepare.js';
import { openSession, SESSION_COOKIE } from '../../src/modules/accounts/index.js';
import { fixedClock } from '../../src/platform/clock.js';
import { databaseBlobStore } from '../../src/platform/blobs.js';
import type { AppDeps } from '../../src/platform/deps.js';
import { openTestDatabase } from './database.js';

export const TEST_PASSWORD = 'test-password-1';

/** The public address the test center has set in 中心信息 (absolute links are built on it). */
export const TEST_PUBLIC_URL = 'https://zhongli.test';

/**
 * The app over a fresh test database, with a clock the test moves by hand. Default "now": 2026-11-28 10:00 in
 * the county. `publicUrl`: the center's stored public address (null: not set yet); `configPublicUrl`: PUBLIC_URL.
 */
export async function createTestApp(
  options: { now?: string; publicUrl?: string | null; configPublicUrl?: string } = {},
) {
  const handle = await openTestDatabase();
  const clock = fixedClock(options.now ?? '2026-11-28T02:00:00.000Z');
  const { idDigestKey } = await prepareDatabase(handle.db, handle.dialect, '测试县社区服务中心');
  const publicUrl = options.publicUrl === undefined ? TEST_PUBLIC_URL : options.publicUrl;
  await handle.db.updateTable('center').set({ public_url: publicUrl }).where('id', '=', 1).execute();
  const deps: AppDeps = {
    db: handle.db,
    dialect: handle.dialect,
    clock,
    config: {
      sessionSecret: 'test-secret-test-secret-test-secret',
      cookieSecure: false,
      centerName: '测试县社区服务中心',
      publicUrl: options.configPublicUrl,
    },
    idDigestKey,
    blobs: databaseBlobStore(handle.db, clock),
  };
  // TEST_LOG=error prints what a 500 hides (the strict contract's reason, a stack).
  const app = await buildApp(deps, {
    strictResponses: true,
    logger: process.env.TEST_LOG ? { level: process.env.TEST_LOG } : false,
  });
  const others: { close(): Promise<void> }[] = [];
  return {
    app,
    deps,
    db: handle.db,
    clock,
    /** A second instance on the same database (its own connection, its own process state such as the public cache). */
    secondInstance: async () => {
      const other = handle.reopen();
      const app = await buildApp(
        { ...deps, db: other.db, blobs: databaseBlobStore(other.db, clock) },
        { strictResponses: true },
      );
      others.push({ close: async () => (await app.close(), await other.close()) });
      return app;
    },
    close: async () => {
      for (const other of others) await other.close();
      await app.close();
      await handle.drop();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** Signs in and returns the cookie header to send with later requests. */
export async function signIn(app: FastifyInstance, phone: string, password = TEST_PASSWORD): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone, password } });
  if (response.statusCode !== 200)
    throw new Error(`sign-in as ${phone} failed: ${response.statusCode} ${response.body}`);
  return cookieHeader(response);
}

export function cookieHeader(response: LightMyRequestResponse): string {
  return response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

export function errorCode(response: LightMyRequestResponse): string | undefined {
  return (response.json() as { error?: { code?: string } }).error?.code;
}

export function errorFields(response: LightMyRequestResponse): string[] {
  return ((response.json() as { error?: { details?: { field: string }[] } }).error?.details ?? []).map((d) => d.field);
}

/**
 * A signed-in cookie for a user without going through argon2 (for tests that need hundreds of
 * signed-in residents): the same session row and signed cookie a real sign-in creates.
 */
export async function quickCookie(t: TestApp, userId: number): Promise<string> {
  return `${SESSION_COOKIE}=${t.app.signCookie(await openSession(t.deps, userId))}`;
}
