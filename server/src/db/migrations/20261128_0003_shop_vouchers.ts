import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes, dropAppendOnly, makeAppendOnly, withId } from './helpers.js';

/**
 * The points shop (社区益家): items, donation lots that every unit of stock traces back to, an
 * append-only stock movement log, counter redemptions; merchant contributions; voucher offers,
 * vouchers and the per-resident claim counters.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await withId(db.schema.createTable('shop_items'), dialect)
    .addColumn('community_id', t.id, (c) => c.notNull().references('communities.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('points_price', 'integer', (c) => c.notNull().check(sql`points_price > 0`))
    .addColumn('stock', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`stock >= 0`),
    )
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('active')
        .check(sql`status in ('active', 'paused')`),
    )
    .addColumn('monthly_limit', 'integer', (c) => c.check(sql`monthly_limit > 0`))
    .addColumn('description', 'text')
    .addColumn('low_stock_threshold', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addUniqueConstraint('shop_items_community_name_unique', ['community_id', 'name'])
    .execute();

  await withId(db.schema.createTable('shop_donations'), dialect)
    .addColumn('item_id', t.id, (c) => c.notNull().references('shop_items.id'))
    .addColumn('community_id', t.id, (c) => c.notNull().references('communities.id'))
    .addColumn('merchant_id', t.id, (c) => c.references('merchants.id'))
    .addColumn('donor_name', 'text')
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('remaining', 'integer', (c) => c.notNull().check(sql`remaining >= 0 and remaining <= quantity`))
    .addColumn('donated_on', t.date, (c) => c.notNull())
    .addColumn('estimated_value_fen', 'integer', (c) => c.check(sql`estimated_value_fen >= 0`))
    .addColumn('note', 'text')
    .addColumn('recorded_by', t.id, (c) => c.references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addCheckConstraint('shop_donations_donor', sql`merchant_id is not null or donor_name is not null`)
    .execute();
  await db.schema.createIndex('shop_donations_item_lots').on('shop_donations').columns(['item_id', 'id']).execute();

  await withId(db.schema.createTable('stock_movements'), dialect)
    .addColumn('item_id', t.id, (c) => c.notNull().references('shop_items.id'))
    .addColumn('community_id', t.id, (c) => c.notNull().references('communities.id'))
    .addColumn('delta', 'integer', (c) => c.notNull().check(sql`delta <> 0`))
    .addColumn('stock_after', 'integer', (c) => c.notNull().check(sql`stock_after >= 0`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('donation', 'redemption', 'adjustment')`))
    .addColumn('ref_type', 'text')
    .addColumn('ref_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('actor_user_id', t.id, (c) => c.references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stock_movements_item').on('stock_movements').columns(['item_id', 'id']).execute();
  await makeAppendOnly(db, dialect, 'stock_movements');

  await withId(db.schema.createTable('shop_redemptions'), dialect)
    .addColumn('community_id', t.id, (c) => c.notNull().references('communities.id'))
    .addColumn('resident_id', t.id, (c) => c.notNull().references('residents.id'))
    .addColumn('points_spent', 'integer', (c) => c.notNull().check(sql`points_spent > 0`))
    // Set in the same transaction right after the ledger entry (which refers back to this row).
    .addColumn('ledger_entry_id', t.id, (c) => c.unique().references('points_ledger.id'))
    .addColumn('actor_user_id', t.id, (c) => c.references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('shop_redemptions_resident')
    .on('shop_redemptions')
    .columns(['resident_id', 'id'])
    .execute();

  await withId(db.schema.createTable('shop_redemption_lines'), dialect)
    .addColumn('redemption_id', t.id, (c) => c.notNull().references('shop_redemptions.id'))
    .addColumn('item_id', t.id, (c) => c.notNull().references('shop_items.id'))
    .addColumn('item_name', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('points_price', 'integer', (c) => c.notNull().check(sql`points_price > 0`))
    .execute();
  await db.schema
    .createIndex('shop_redemption_lines_redemption')
    .on('shop_redemption_lines')
    .column('redemption_id')
    .execute();

  await withId(db.schema.createTable('shop_redemption_lots'), dialect)
    .addColumn('line_id', t.id, (c) => c.notNull().references('shop_redemption_lines.id'))
    .addColumn('donation_id', t.id, (c) => c.notNull().references('shop_donations.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .execute();

  await db.schema
    .createTable('shop_item_usage')
    .addColumn('resident_id', t.id, (c) => c.notNull().references('residents.id'))
    .addColumn('item_id', t.id, (c) => c.notNull().references('shop_items.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().check(sql`count >= 0`))
    .addPrimaryKeyConstraint('shop_item_usage_pk', ['resident_id', 'item_id', 'month'])
    .execute();

  await withId(db.schema.createTable('merchant_contributions'), dialect)
    .addColumn('merchant_id', t.id, (c) => c.notNull().references('merchants.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('donation', 'sponsorship', 'booth', 'service', 'voucher')`),
    )
    .addColumn('ref_type', 'text')
    .addColumn('ref_id', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quality', 'integer', (c) => c.check(sql`quality between 1 and 5`))
    .addColumn('occurred_at', t.instant, (c) => c.notNull())
    .addColumn('recorded_by', t.id, (c) => c.references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('merchant_contributions_merchant')
    .on('merchant_contributions')
    .columns(['merchant_id', 'occurred_at'])
    .execute();

  await withId(db.schema.createTable('voucher_offers'), dialect)
    .addColumn('merchant_id', t.id, (c) => c.notNull().references('merchants.id'))
    .addColumn('community_id', t.id, (c) => c.notNull().references('communities.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('face_value_fen', 'integer', (c) => c.notNull().check(sql`face_value_fen > 0`))
    .addColumn('points_cost', 'integer', (c) => c.notNull().check(sql`points_cost > 0`))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('claimed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('valid_until', t.instant, (c) => c.notNull())
    .addColumn('per_resident_limit', 'integer', (c) => c.notNull().check(sql`per_resident_limit > 0`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('active')
        .check(sql`status in ('active', 'withdrawn')`),
    )
    .addColumn('created_by', t.id, (c) => c.references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addCheckConstraint('voucher_offers_claimed', sql`claimed >= 0 and claimed <= quantity`)
    .execute();

  await withId(db.schema.createTable('vouchers'), dialect)
    .addColumn('offer_id', t.id, (c) => c.notNull().references('voucher_offers.id'))
    .addColumn('merchant_id', t.id, (c) => c.notNull().references('merchants.id'))
    .addColumn('resident_id', t.id, (c) => c.notNull().references('residents.id'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('issued')
        .check(sql`status in ('issued', 'redeemed')`),
    )
    // Set in the same transaction right after the points are spent (the ledger entry refers back to this row).
    .addColumn('ledger_entry_id', t.id, (c) => c.unique().references('points_ledger.id'))
    .addColumn('claimed_at', t.instant, (c) => c.notNull())
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .addColumn('redeemed_at', t.instant)
    .addColumn('redeemed_by', t.id, (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('vouchers_resident').on('vouchers').columns(['resident_id', 'id']).execute();
  await db.schema
    .createIndex('vouchers_merchant_redeemed')
    .on('vouchers')
    .columns(['merchant_id', 'redeemed_at'])
    .execute();

  await db.schema
    .createTable('voucher_claim_counts')
    .addColumn('offer_id', t.id, (c) => c.notNull().references('voucher_offers.id'))
    .addColumn('resident_id', t.id, (c) => c.notNull().references('residents.id'))
    .addColumn('count', 'integer', (c) => c.notNull().check(sql`count >= 0`))
    .addPrimaryKeyConstraint('voucher_claim_counts_pk', ['offer_id', 'resident_id'])
    .execute();
}

export async function down(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await dropAppendOnly(db, dialect, 'stock_movements');
  for (const table of [
    'voucher_claim_counts',
    'vouchers',
    'voucher_offers',
    'merchant_contributions',
    'shop_item_usage',
    'shop_redemption_lots',
    'shop_redemption_lines',
    'shop_redemptions',
    'stock_movements',
    'shop_donations',
    'shop_items',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
