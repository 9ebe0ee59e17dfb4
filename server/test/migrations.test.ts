import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateDownAll, migrateToLatest } from '../src/db/migrate.js';
import { openTestDatabase } from './support/database.js';

let handle: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.drop());

/** This test database's tables only: on PostgreSQL other test files' schemas share the server. */
async function tableNames(): Promise<string[]> {
  const tables = await handle.db.introspection.getTables();
  const schema =
    handle.dialect === 'postgres'
      ? (await sql<{ name: string }>`select current_schema() as name`.execute(handle.db)).rows[0]?.name
      : undefined;
  return tables
    .filter((t) => schema === undefined || t.schema === schema)
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
