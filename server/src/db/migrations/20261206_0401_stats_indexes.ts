import type { Kysely } from 'kysely';

/**
 * Indexes for the dashboard and the reports (the stats read model): every widget reads one period
 * of one big table, for the county or one community, so each such table gets its time column —
 * alone for the county, behind the community for one community. The ledger's is covering (kind,
 * delta, community): points issued and spent over a county month never touch the table's rows.
 * `server/test/stats.explain.test.ts` fails when a widget's query scans a big table instead.
 */
const INDEXES: [name: string, table: string, columns: string[]][] = [
  ['activities_starts', 'activities', ['starts_at', 'status']],
  ['activities_community_starts', 'activities', ['community_id', 'starts_at']],
  ['needs_created', 'needs', ['created_at']],
  ['needs_community_created', 'needs', ['community_id', 'created_at']],
  ['points_ledger_time_kind', 'points_ledger', ['created_at', 'kind', 'delta', 'community_id']],
  ['shop_donations_donated', 'shop_donations', ['donated_on']],
  ['shop_donations_community_donated', 'shop_donations', ['community_id', 'donated_on']],
  ['service_sessions_date', 'service_sessions', ['date']],
  ['merchant_contributions_occurred', 'merchant_contributions', ['occurred_at']],
  ['vouchers_redeemed', 'vouchers', ['redeemed_at']],
  ['merchant_requests_status', 'merchant_requests', ['status', 'created_at']],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, columns] of INDEXES) {
    await db.schema.createIndex(name).on(table).columns(columns).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of [...INDEXES].reverse()) {
    await db.schema.dropIndex(name).execute();
  }
}
