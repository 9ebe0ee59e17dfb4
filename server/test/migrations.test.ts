import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDownAll, migrateToLatest } from '../src/db/migrate.js';
import { openTestDatabase } from './support/database.js';

let handle: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.drop());

async function tableNames(): Promise<string[]> {
  const tables = await handle.db.introspection.getTables();
  return tables
    .map((t) => t.name)
    .filter((n) => !n.startsWith('kysely_'))
    .sort();
}

describe('migrations', () => {
  it('go up, all the way down, and up again', async () => {
    await migrateToLatest(handle.db, handle.dialect);
    const up = await tableNames();
    expect(up).toEqual(
      expect.arrayContaining(['audit_log', 'communities', 'residents', 'sessions', 'users', 'merchants', 'venues']),
    );
    await migrateDownAll(handle.db, handle.dialect);
    expect(await tableNames()).toEqual([]);
    await migrateToLatest(handle.db, handle.dialect);
    expect(await tableNames()).toEqual(up);
  });
});
