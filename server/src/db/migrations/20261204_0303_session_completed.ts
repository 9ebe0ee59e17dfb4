import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes } from './helpers.js';

/**
 * 场次完成: staff mark a service session done, and the volunteers on its rota who are residents
 * earn the shift rule's points. `completed_at` is set once by a conditional UPDATE (the first
 * marking wins); the ledger's unique idempotency key per shift backs "once per shift".
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const { id, instant } = columnTypes(dialect);
  await db.schema.alterTable('service_sessions').addColumn('completed_at', instant).execute();
  await db.schema
    .alterTable('service_sessions')
    .addColumn('completed_by', id, (col) => col.references('users.id'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('service_sessions').dropColumn('completed_by').execute();
  await db.schema.alterTable('service_sessions').dropColumn('completed_at').execute();
}
