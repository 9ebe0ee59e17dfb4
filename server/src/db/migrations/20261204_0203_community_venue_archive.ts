import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes } from './helpers.js';

/** Archived communities and venues leave pickers and public lists; what happened in them stays. */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const { instant } = columnTypes(dialect);
  await db.schema.alterTable('communities').addColumn('archived_at', instant).execute();
  await db.schema.alterTable('venues').addColumn('archived_at', instant).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('venues').dropColumn('archived_at').execute();
  await db.schema.alterTable('communities').dropColumn('archived_at').execute();
}
