import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes, dropAppendOnly, makeAppendOnly, withId } from './helpers.js';

/**
 * Points: versioned rules, the append-only hash-chained ledger, cached balances that cannot go
 * below zero, cap counters, four-eyes adjustments, and idempotency keys for every request that
 * moves points (and later stock, vouchers and places).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await withId(db.schema.createTable('points_rules'), dialect)
    .addColumn('community_id', t.id, (c) => c.notNull().references('communities.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addUniqueConstraint('points_rules_community_code_unique', ['community_id', 'code'])
    .execute();

  await withId(db.schema.createTable('points_rule_versions'), dialect)
    .addColumn('community_id', t.id, (c) => c.notNull().references('communities.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('effective_from', t.instant, (c) => c.notNull())
    .addColumn('exchange_rules', 'text')
    .addColumn('created_by', t.id, (c) => c.references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addUniqueConstraint('points_rule_versions_community_version_unique', ['community_id', 'version'])
    .execute();

  await withId(db.schema.createTable('points_rule_revisions'), dialect)
    .addColumn('version_id', t.id, (c) => c.notNull().references('points_rule_versions.id'))
    .addColumn('rule_id', t.id, (c) => c.notNull().references('points_rules.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull().check(sql`points > 0`))
    .addColumn('description', 'text')
    .addColumn('cap_per_day', 'integer', (c) => c.check(sql`cap_per_day > 0`))
    .addColumn('cap_per_week', 'integer', (c) => c.check(sql`cap_per_week > 0`))
    .addColumn('cap_per_month', 'integer', (c) => c.check(sql`cap_per_month > 0`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('points_rule_revisions_version_rule_unique', ['version_id', 'rule_id'])
    .execute();

  await db.schema
    .createTable('points_balances')
    .addColumn('resident_id', t.id, (c) => c.primaryKey().references('residents.id'))
    .addColumn('balance', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`balance >= 0`),
    )
    .addColumn('entry_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('points_ledger'), dialect)
    .addColumn('resident_id', t.id, (c) => c.notNull().references('residents.id'))
    .addColumn('community_id', t.id, (c) => c.notNull().references('communities.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('delta', 'integer', (c) => c.notNull().check(sql`delta <> 0`))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('award', 'adjustment', 'reversal', 'redemption', 'voucher')`),
    )
    .addColumn('rule_id', t.id, (c) => c.references('points_rules.id'))
    .addColumn('rule_revision_id', t.id, (c) => c.references('points_rule_revisions.id'))
    .addColumn('ref_type', 'text')
    .addColumn('ref_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('actor_user_id', t.id, (c) => c.references('users.id'))
    .addColumn('on_behalf_resident_id', t.id, (c) => c.references('residents.id'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('balance_after', 'integer', (c) => c.notNull().check(sql`balance_after >= 0`))
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addUniqueConstraint('points_ledger_resident_seq_unique', ['resident_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('points_ledger_community_time')
    .on('points_ledger')
    .columns(['community_id', 'created_at'])
    .execute();
  await db.schema.createIndex('points_ledger_ref').on('points_ledger').columns(['ref_type', 'ref_id']).execute();
  await makeAppendOnly(db, dialect, 'points_ledger');

  await db.schema
    .createTable('points_cap_usage')
    .addColumn('resident_id', t.id, (c) => c.notNull().references('residents.id'))
    .addColumn('rule_id', t.id, (c) => c.notNull().references('points_rules.id'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().check(sql`count >= 0`))
    .addPrimaryKeyConstraint('points_cap_usage_pk', ['resident_id', 'rule_id', 'period'])
    .execute();

  await withId(db.schema.createTable('points_adjustments'), dialect)
    .addColumn('resident_id', t.id, (c) => c.notNull().references('residents.id'))
    .addColumn('community_id', t.id, (c) => c.notNull().references('communities.id'))
    .addColumn('delta', 'integer', (c) => c.notNull().check(sql`delta <> 0`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'approved', 'rejected')`))
    .addColumn('requested_by', t.id, (c) => c.notNull().references('users.id'))
    .addColumn('requested_at', t.instant, (c) => c.notNull())
    .addColumn('decided_by', t.id, (c) => c.references('users.id'))
    .addColumn('decided_at', t.instant)
    .addColumn('entry_id', t.id, (c) => c.references('points_ledger.id'))
    .execute();
  await db.schema
    .createIndex('points_adjustments_status')
    .on('points_adjustments')
    .columns(['community_id', 'status'])
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('actor_user_id', t.id, (c) => c.notNull().references('users.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['actor_user_id', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute();
}

export async function down(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await dropAppendOnly(db, dialect, 'points_ledger');
  for (const table of [
    'idempotency_keys',
    'points_adjustments',
    'points_cap_usage',
    'points_ledger',
    'points_balances',
    'points_rule_revisions',
    'points_rule_versions',
    'points_rules',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
