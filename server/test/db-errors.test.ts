import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueKeyOf, conflictFor } from '../src/platform/db-errors.js';
import { createTestApp, type TestApp } from './support/app.js';
import { buildCommunity } from './support/factories.js';

// A unique violation is named the same way on SQLite and PostgreSQL, so the one table in
// db-errors.ts can answer it on both.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function violation(write: () => Promise<unknown>): Promise<unknown> {
  try {
    await write();
  } catch (error) {
    return error;
  }
  throw new Error('the write was expected to meet a unique key');
}

describe('unique violations', () => {
  it('name the table and columns of a one-column key', async () => {
    const insert = () =>
      t.db.insertInto('communities').values({ name: '同名社区', created_at: t.clock.now().toISOString() }).execute();
    await insert();
    const error = await violation(insert);
    expect(uniqueKeyOf(error)).toBe('communities(name)');
    expect(conflictFor(error)).toMatchObject({ code: 'NAME_TAKEN', details: [{ field: 'name' }] });
  });

  it('name every column of a composite key, in order', async () => {
    const community = await buildCommunity(t.deps);
    const insert = () =>
      t.db
        .insertInto('venues')
        .values({ community_id: community.id, name: '活动室', address: null, created_at: t.clock.now().toISOString() })
        .execute();
    await insert();
    const error = await violation(insert);
    expect(uniqueKeyOf(error)).toBe('venues(community_id,name)');
  });

  it('answer an unmapped key with a plain conflict, not a server error', async () => {
    const error = { code: '23505', table: 'something_new', detail: 'Key (a, b)=(1, 2) already exists.' };
    expect(uniqueKeyOf(error)).toBe('something_new(a,b)');
    expect(conflictFor(error)).toMatchObject({ code: 'CONFLICT', status: 409 });
    expect(uniqueKeyOf(new Error('not a database error'))).toBeUndefined();
  });
});
