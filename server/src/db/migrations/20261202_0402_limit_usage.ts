import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * One word for a limit: the per-resident monthly booking counter of a service is its limit's usage
 * (`service_limit_usage`), as the shop's and the vouchers' counters are. Rows are kept as they are.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema.alterTable('service_booking_usage').renameTo('service_limit_usage').execute();
  // SQLite keeps constraint names only in the table's SQL; PostgreSQL names the key on its own.
  if (dialect === 'postgres')
    await sql`alter table service_limit_usage rename constraint service_booking_usage_pk to service_limit_usage_pk`.execute(
      db,
    );
}

export async function down(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres')
    await sql`alter table service_limit_usage rename constraint service_limit_usage_pk to service_booking_usage_pk`.execute(
      db,
    );
  await db.schema.alterTable('service_limit_usage').renameTo('service_booking_usage').execute();
}
