import { sql, type Kysely } from 'kysely';

/**
 * One state per booking instead of two overlapping fields (`status` booked/cancelled and
 * `queue_status` waiting/called/away/served/no_show): `state` is waiting, called, away, served,
 * no_show or cancelled. A cancelled booking becomes `cancelled` whatever its queue status was (it
 * could only be cancelled while waiting or away); every other row keeps its queue status.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('bookings')
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('waiting')
        .check(sql`state in ('waiting', 'called', 'away', 'served', 'no_show', 'cancelled')`),
    )
    .execute();
  await db
    .updateTable('bookings')
    .set({ state: sql`case when status = 'cancelled' then 'cancelled' else queue_status end` })
    .execute();
  await db.schema.alterTable('bookings').dropColumn('status').execute();
  await db.schema.alterTable('bookings').dropColumn('queue_status').execute();
}

/** Back to the two fields: a cancelled booking comes back as `cancelled` and waiting in the queue (as a revived one starts). */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('bookings')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('booked')
        .check(sql`status in ('booked', 'cancelled')`),
    )
    .execute();
  await db.schema
    .alterTable('bookings')
    .addColumn('queue_status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('waiting')
        .check(sql`queue_status in ('waiting', 'called', 'away', 'served', 'no_show')`),
    )
    .execute();
  await db
    .updateTable('bookings')
    .set({
      status: sql`case when state = 'cancelled' then 'cancelled' else 'booked' end`,
      queue_status: sql`case when state = 'cancelled' then 'waiting' else state end`,
    })
    .execute();
  await db.schema.alterTable('bookings').dropColumn('state').execute();
}
