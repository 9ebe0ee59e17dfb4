import type { Kysely } from 'kysely';

/**
 * A password the center admin reset is temporary: until its owner sets their own, the account may only read
 * who it is, change the password or sign out.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('must_change_password').execute();
}
