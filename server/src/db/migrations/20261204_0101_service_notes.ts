import type { Kysely } from 'kysely';

/** A service's own words for residents (where to wait, the service beside it), instead of the demo's in code. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('services').addColumn('resident_note', 'text').execute();
  await db.schema.alterTable('services').addColumn('companion_note', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('services').dropColumn('companion_note').execute();
  await db.schema.alterTable('services').dropColumn('resident_note').execute();
}
