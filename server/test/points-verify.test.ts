import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { actorOf, buildCommunity, buildPointsRules, buildResident, buildStaff } from './support/factories.js';
import { awardByRule } from '../src/modules/points/points.service.js';
import { createStandaloneDatabase, standaloneDeps } from './support/standalone-database.js';

/** `npm run points:verify`: the integrity check as an auditor runs it, against a real database file or server. */
const serverDir = path.resolve(import.meta.dirname, '..');
let database: Awaited<ReturnType<typeof createStandaloneDatabase>>;
afterAll(() => database?.drop());

function verify(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/points-verify.ts', ...args], {
    cwd: serverDir,
    env: { ...process.env, ...database.env },
    encoding: 'utf8',
  });
}

describe('points:verify', () => {
  it("exits 0 on a sound ledger and 1, naming the problem, once a row is edited behind the application's back", async () => {
    database = await createStandaloneDatabase();
    const handle = database.open();
    try {
      const deps = await standaloneDeps(handle);
      const community = await buildCommunity(deps);
      const rules = await buildPointsRules(deps, community.id, [
        { code: 'A', name: '甲', category: '其他', points: 4 },
      ]);
      const actor = await actorOf(deps, await buildStaff(deps, community.id));
      const resident = await buildResident(deps, { communityId: community.id });
      for (let i = 0; i < 3; i++)
        await deps.db
          .transaction()
          .execute((trx) => awardByRule(trx, deps, { actor, residentId: resident.id, ruleId: rules.A }));

      const sound = verify();
      expect(sound.status, sound.stderr).toBe(0);
      expect(sound.stdout).toContain('entries: 3');
      expect(sound.stdout).toContain('OK');
      expect(sound.stdout).toContain(': full'); // no checkpoint yet: the first run is full

      if (handle.dialect === 'sqlite') await sql`DROP TRIGGER points_ledger_no_update`.execute(handle.db);
      else await sql`DROP TRIGGER points_ledger_append_only ON points_ledger`.execute(handle.db);
      await handle.db.updateTable('points_ledger').set({ delta: 40 }).where('seq', '=', 2).execute();
    } finally {
      await handle.close();
    }
    // The edited entry is before the checkpoint the first run wrote: the default (incremental) run
    // checks only what came after it; --full replays everything, with progress on stderr.
    const incremental = verify();
    expect(incremental.stdout).toContain('incremental');
    expect(incremental.status, incremental.stdout).toBe(0);
    const tampered = verify('--full');
    expect(tampered.stderr).toMatch(/3 \/ 3 entries \(100%\)/);
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain('HASH_MISMATCH');
    expect(tampered.stdout).toContain('BALANCE_MISMATCH');
    expect(tampered.stdout).toContain('FAILED');
  }, 180_000); // four runs of the script, each a fresh tsx process
});
