import type { Kysely } from 'kysely';

/** A lot is a donation, or found stock entered by an adjustment — only donations name a donor in public. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('shop_donations')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('donation'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('shop_donations').dropColumn('source').execute();
}
