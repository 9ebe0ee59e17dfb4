import type { Kysely } from 'kysely';

/** The center's public address (中心信息), the base of absolute links when PUBLIC_URL is not configured. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('center').addColumn('public_url', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('center').dropColumn('public_url').execute();
}
