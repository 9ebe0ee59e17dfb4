import type { Kysely } from 'kysely';

/**
 * County scale (issue 13, measured on `npm run seed:large`: 400,000 residents, 3.7 M ledger
 * entries). The ledger's (community, time) index becomes covering for what the dashboard and the
 * honour roll read of each entry — kind, delta, rule, resident — so points issued and spent per
 * community over a county month (`stats.pointsPerCommunity`: 3.4 s → 0.22 s; one community 67 → 4 ms)
 * and the honour roll over a year (922 → 221 ms) read the index alone instead of a table row per
 * entry. It replaces the narrower (community_id, created_at) index, which it begins with, so an
 * append still updates the same number of indexes. The figures are in the README's bench section.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('points_ledger_community_cover')
    .on('points_ledger')
    .columns(['community_id', 'created_at', 'kind', 'delta', 'rule_id', 'resident_id'])
    .execute();
  await db.schema.dropIndex('points_ledger_community_time').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('points_ledger_community_time')
    .on('points_ledger')
    .columns(['community_id', 'created_at'])
    .execute();
  await db.schema.dropIndex('points_ledger_community_cover').execute();
}
