import type { Kysely } from 'kysely';

/**
 * One word for a limit: what a resident may take per period — a points rule's daily, weekly and
 * monthly limits (the API calls them the rule's `caps`), an item's monthly limit, an offer's
 * limit per resident — is a limit in the schema too. The counters become the `*_limit_usage`
 * tables and a rule revision's columns `limit_per_*`. Renames keep the rows, the keys and the
 * checks (whose names stay as they were created).
 */
const TABLES: [from: string, to: string][] = [
  ['points_cap_usage', 'points_limit_usage'],
  ['shop_item_usage', 'shop_limit_usage'],
  ['voucher_claim_counts', 'voucher_limit_usage'],
];
const REVISION_COLUMNS: [from: string, to: string][] = [
  ['cap_per_day', 'limit_per_day'],
  ['cap_per_week', 'limit_per_week'],
  ['cap_per_month', 'limit_per_month'],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [from, to] of TABLES) await db.schema.alterTable(from).renameTo(to).execute();
  for (const [from, to] of REVISION_COLUMNS) {
    await db.schema.alterTable('points_rule_revisions').renameColumn(from, to).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [from, to] of REVISION_COLUMNS) {
    await db.schema.alterTable('points_rule_revisions').renameColumn(to, from).execute();
  }
  for (const [from, to] of TABLES) await db.schema.alterTable(to).renameTo(from).execute();
}
