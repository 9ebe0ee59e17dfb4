import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { onPostgres } from './support/database.js';
import { buildCommunity } from './support/factories.js';

/**
 * On PostgreSQL the data-version triggers are deferred: they bump their counters at commit, in the
 * order the transaction wrote its rows. Two writers touching the same two versioned tables in
 * opposite orders would then lock the two counter rows in opposite orders at commit and deadlock
 * (40P01, a 500 for somebody). The bumps are made under one transaction-scoped advisory lock, so
 * they cannot. Both variants below widen the window between two bumps (a 20 ms sleep after each)
 * so that the burst really interleaves; the control takes the lock out and must deadlock.
 * SQLite runs one writer at a time: nothing to show there.
 */
const PAIRS = 12;

describe.runIf(onPostgres)('data-version bumps at commit (PostgreSQL)', () => {
  let t: TestApp;
  let original: string;
  const communityIds: number[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    // each writer its own rows (a shared row would queue the writers on its row lock instead)
    for (let i = 0; i < 2 * PAIRS; i++) {
      await sql`insert into app_settings (key, value) values (${`dv_${i}`}, '0')`.execute(t.db);
      communityIds.push((await buildCommunity(t.deps, `版本测试社区${i}`)).id);
    }
    original = (
      await sql<{ def: string }>`select pg_get_functiondef('zhongli_bump_data_version'::regproc) as def`.execute(t.db)
    ).rows[0]!.def;
  });
  afterAll(async () => {
    await sql.raw(original).execute(t.db);
    await t.close();
  });

  /** Redefines the trigger function from its real body, with a sleep after each bump (and the lock or not). */
  async function useVariant({ lock }: { lock: boolean }) {
    let body = original.replace(
      /ON CONFLICT \(scope\) DO UPDATE SET version = data_versions\.version \+ 1;/,
      (m) => `${m}\n PERFORM pg_sleep(0.02);`,
    );
    if (!lock) body = body.replace(/PERFORM pg_advisory_xact_lock\([^;]*\);/, 'NULL;');
    expect(body).not.toBe(original);
    await sql.raw(body).execute(t.db);
  }

  /** PAIRS pairs of writers, each pair writing `communities` and `app_settings` in opposite orders at once. */
  async function burst() {
    const write = (i: number, first: 'communities' | 'settings') =>
      t.db.transaction().execute(async (trx) => {
        const community = () => sql`update communities set name = name where id = ${communityIds[i]}`.execute(trx);
        const setting = () => sql`update app_settings set value = value where key = ${`dv_${i}`}`.execute(trx);
        if (first === 'communities') await community().then(setting);
        else await setting().then(community);
      });
    const answers = await Promise.allSettled(
      Array.from({ length: PAIRS }, (_, p) => [write(2 * p, 'communities'), write(2 * p + 1, 'settings')]).flat(),
    );
    return answers
      .filter((a): a is PromiseRejectedResult => a.status === 'rejected')
      .map((a) => (a.reason as { code?: string }).code ?? String(a.reason));
  }

  it('writers bumping the same counters in opposite orders all commit', async () => {
    await useVariant({ lock: true });
    const before = await versions();
    expect(await burst()).toEqual([]);
    const after = await versions();
    expect(after.communities - before.communities).toBe(2 * PAIRS);
    expect(after.settings - before.settings).toBe(2 * PAIRS);
  });

  it('control: without the advisory lock the same burst deadlocks', { timeout: 90_000 }, async () => {
    await useVariant({ lock: false });
    const failures = await burst();
    expect(failures).toContain('40P01');
  });

  async function versions() {
    const rows = (
      await sql<{
        scope: string;
        version: string;
      }>`select scope, version from data_versions where scope in ('t:communities', 't:app_settings')`.execute(t.db)
    ).rows;
    const of = (scope: string) => Number(rows.find((r) => r.scope === scope)?.version ?? 0);
    return { communities: of('t:communities'), settings: of('t:app_settings') };
  }
});
