import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes, withId } from './helpers.js';

/**
 * Services with booked sessions (1元理发屋, 健康小屋): the schedule rule, generated sessions with a
 * guarded place counter and queue counter, bookings that are also the day's queue, per-person
 * monthly limits, the volunteer pool, availability, the rota, swaps and drops.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await withId(db.schema.createTable('services'), dialect)
    .addColumn('community_id', t.id, (c) => c.notNull().references('communities.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('venue_id', t.id, (c) => c.references('venues.id'))
    .addColumn('price_fen', 'integer', (c) => c.notNull().check(sql`price_fen >= 0`))
    .addColumn('schedule', 'text', (c) => c.notNull())
    .addColumn('holiday_policy', 'text', (c) =>
      c
        .notNull()
        .defaultTo('skip')
        .check(sql`holiday_policy in ('skip', 'next_day')`),
    )
    .addColumn('min_age', 'integer', (c) => c.check(sql`min_age between 0 and 120`))
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('community', 'county')`))
    .addColumn('booking_days_ahead', 'integer', (c) => c.notNull().check(sql`booking_days_ahead between 0 and 60`))
    .addColumn('booking_time', 'text', (c) => c.notNull())
    .addColumn('volunteers_per_session', 'integer', (c) =>
      c.notNull().check(sql`volunteers_per_session between 0 and 20`),
    )
    .addColumn('monthly_limit', 'integer', (c) => c.check(sql`monthly_limit > 0`))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addUniqueConstraint('services_community_name_unique', ['community_id', 'name'])
    .execute();

  await withId(db.schema.createTable('service_sessions'), dialect)
    .addColumn('service_id', t.id, (c) => c.notNull().references('services.id'))
    .addColumn('date', t.date, (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('starts_at', t.instant, (c) => c.notNull())
    .addColumn('ends_at', t.instant, (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity between 1 and 500`))
    .addColumn('booked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('queue_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('booking_opens_at', t.instant, (c) => c.notNull())
    /** The eligibility scope fixed for this session: widening the service's scope reaches only sessions not yet open. */
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('community', 'county')`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(sql`status in ('open', 'cancelled')`),
    )
    .addColumn('cancel_reason', 'text')
    .addCheckConstraint('service_sessions_places', sql`booked >= 0 and booked <= capacity`)
    .addUniqueConstraint('service_sessions_slot_unique', ['service_id', 'date', 'period'])
    .execute();
  await db.schema
    .createIndex('service_sessions_time')
    .on('service_sessions')
    .columns(['service_id', 'starts_at'])
    .execute();

  await withId(db.schema.createTable('bookings'), dialect)
    .addColumn('session_id', t.id, (c) => c.notNull().references('service_sessions.id'))
    .addColumn('service_id', t.id, (c) => c.notNull().references('services.id'))
    .addColumn('resident_id', t.id, (c) => c.notNull().references('residents.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('booked', 'cancelled')`))
    .addColumn('queue_number', 'integer', (c) => c.notNull())
    .addColumn('queue_status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('waiting')
        .check(sql`queue_status in ('waiting', 'called', 'away', 'served', 'no_show')`),
    )
    /** Back from 暂离: called before the next new number. */
    .addColumn('returned_at', t.instant)
    .addColumn('walk_in', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`walk_in in (0, 1)`),
    )
    .addColumn('booked_by', t.id, (c) => c.references('users.id'))
    .addColumn('fee_paid_fen', 'integer', (c) => c.check(sql`fee_paid_fen >= 0`))
    .addColumn('called_at', t.instant)
    .addColumn('served_at', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addUniqueConstraint('bookings_session_resident_unique', ['session_id', 'resident_id'])
    .addUniqueConstraint('bookings_session_number_unique', ['session_id', 'queue_number'])
    .execute();
  await db.schema.createIndex('bookings_resident').on('bookings').columns(['resident_id', 'id']).execute();

  await db.schema
    .createTable('service_booking_usage')
    .addColumn('resident_id', t.id, (c) => c.notNull().references('residents.id'))
    .addColumn('service_id', t.id, (c) => c.notNull().references('services.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().check(sql`count >= 0`))
    .addPrimaryKeyConstraint('service_booking_usage_pk', ['resident_id', 'service_id', 'month'])
    .execute();

  await db.schema
    .createTable('service_volunteers')
    .addColumn('service_id', t.id, (c) => c.notNull().references('services.id'))
    .addColumn('user_id', t.id, (c) => c.notNull().references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('service_volunteers_pk', ['service_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('volunteer_unavailability')
    .addColumn('session_id', t.id, (c) => c.notNull().references('service_sessions.id'))
    .addColumn('user_id', t.id, (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('volunteer_unavailability_pk', ['session_id', 'user_id'])
    .execute();

  await withId(db.schema.createTable('rota_assignments'), dialect)
    .addColumn('session_id', t.id, (c) => c.notNull().references('service_sessions.id'))
    .addColumn('user_id', t.id, (c) => c.notNull().references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addUniqueConstraint('rota_assignments_session_user_unique', ['session_id', 'user_id'])
    .execute();

  await withId(db.schema.createTable('rota_changes'), dialect)
    // Nulled when an approved drop removes the shift; the session stays on record.
    .addColumn('assignment_id', t.id, (c) => c.references('rota_assignments.id').onDelete('set null'))
    .addColumn('session_id', t.id, (c) => c.notNull().references('service_sessions.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('swap', 'drop')`))
    .addColumn('from_user_id', t.id, (c) => c.notNull().references('users.id'))
    .addColumn('to_user_id', t.id, (c) => c.references('users.id'))
    .addColumn('reason', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'accepted', 'declined', 'approved', 'rejected')`),
    )
    .addColumn('decided_by', t.id, (c) => c.references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('decided_at', t.instant)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'rota_changes',
    'rota_assignments',
    'volunteer_unavailability',
    'service_volunteers',
    'service_booking_usage',
    'bookings',
    'service_sessions',
    'services',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
