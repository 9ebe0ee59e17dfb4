import { sql, type Kysely } from 'kysely';

/**
 * One phone, one account, several roles: roles are now added to an existing account, so the same
 * grant twice (two staff adding the same volunteer at once) must meet a key instead of doubling.
 * Existing duplicates, if any, are folded into the first grant. NULL community/merchant compare
 * equal through COALESCE (ids start at 1). Residents never stored a phone of their own (only their
 * login does, under the unique users.phone), so no resident and role account can be one person split
 * in two: there is nothing else to merge.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    DELETE FROM user_roles WHERE id NOT IN (
      SELECT MIN(id) FROM user_roles
      GROUP BY user_id, role, COALESCE(community_id, 0), COALESCE(merchant_id, 0)
    )`.execute(db);
  await sql`
    CREATE UNIQUE INDEX user_roles_grant_unique
      ON user_roles (user_id, role, COALESCE(community_id, 0), COALESCE(merchant_id, 0))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX user_roles_grant_unique`.execute(db);
}
