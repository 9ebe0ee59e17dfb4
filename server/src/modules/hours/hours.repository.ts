import { sql } from 'kysely';
import type { HourSource } from '@zhongli/domain';
import type { Db, Trx } from '../../platform/deps.js';

/**
 * The rows behind volunteer hours, read where they happened: check-ins at activities marked
 * 志愿服务 (the activities module's tables, read only) and the rota of completed service sessions
 * (the services module's). Each read starts from an index on the period (activities by
 * (volunteer_service, starts_at), sessions by date) or on the person (checkins by resident,
 * rota by user); corrections are found by their unique (source, source_id, version) key.
 */
export interface HourFilter {
  /** [from, to) as instants: the county days' window */
  fromInstant: string;
  toInstant: string;
  /** county dates, inclusive (sessions carry their date) */
  fromDate: string;
  toDate: string;
  communityId?: number;
  residentId?: number;
  /** a volunteer login without a resident record: their shifts only (activities are residents') */
  userId?: number;
  /** keyset: rows strictly after this one in (at, source, id) order */
  after?: HourCursor;
  limit?: number;
}

export interface HourCursor {
  at: string;
  source: HourSource;
  id: number;
}

export interface HourRow {
  source: HourSource;
  source_id: number;
  /** null: a volunteer login without a resident record (their shifts count by the login) */
  resident_id: number | null;
  /** the volunteer's login, when they have one */
  user_id: number | null;
  resident_name: string;
  community_id: number;
  title: string;
  /** the activity's or session's scheduled start: the order of the listing */
  at: string;
  scheduled_end: string;
  checked_in_at: string | null;
  checked_out_at: string | null;
  /** session date (county), for shifts */
  date: string | null;
  corrected_minutes: number | null;
  version: number | null;
}

function latestCorrection(source: HourSource, idRef: string) {
  return {
    minutes: sql<
      number | null
    >`(select c.minutes from volunteer_hour_corrections c where c.source = ${source} and c.source_id = ${sql.ref(idRef)} order by c.version desc limit 1)`,
    version: sql<
      number | null
    >`(select max(c.version) from volunteer_hour_corrections c where c.source = ${source} and c.source_id = ${sql.ref(idRef)})`,
  };
}

export function activityHourRows(db: Db | Trx, f: HourFilter) {
  const corrected = latestCorrection('activity', 'checkins.id');
  let q = db
    .selectFrom('activities')
    .innerJoin('checkins', 'checkins.activity_id', 'activities.id')
    .innerJoin('residents', 'residents.id', 'checkins.resident_id')
    .where('activities.volunteer_service', '=', 1)
    .where('activities.starts_at', '>=', f.fromInstant)
    .where('activities.starts_at', '<', f.toInstant)
    .select([
      sql<HourSource>`'activity'`.as('source'),
      'checkins.id as source_id',
      sql<number | null>`${sql.ref('checkins.resident_id')}`.as('resident_id'),
      'residents.user_id',
      'residents.name as resident_name',
      'residents.community_id',
      'activities.title',
      'activities.starts_at as at',
      'activities.ends_at as scheduled_end',
      'checkins.checked_in_at',
      'checkins.checked_out_at',
      sql<string | null>`null`.as('date'),
      corrected.minutes.as('corrected_minutes'),
      corrected.version.as('version'),
    ]);
  if (f.communityId !== undefined) q = q.where('residents.community_id', '=', f.communityId);
  if (f.residentId !== undefined) q = q.where('checkins.resident_id', '=', f.residentId);
  if (f.userId !== undefined) q = q.where(sql<boolean>`1 = 0`);
  const after = f.after;
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('activities.starts_at', '>', after.at),
        eb.and([
          eb('activities.starts_at', '=', after.at),
          // 'activity' sorts before 'shift': after a shift at the same instant no activity row follows
          after.source === 'activity' ? eb('checkins.id', '>', after.id) : sql<boolean>`1 = 0`,
        ]),
      ]),
    );
  q = q.orderBy('activities.starts_at').orderBy('checkins.id');
  if (f.limit) q = q.limit(f.limit);
  return q;
}

export function shiftHourRows(db: Db | Trx, f: HourFilter) {
  const corrected = latestCorrection('shift', 'rota_assignments.id');
  let q = db
    .selectFrom('service_sessions')
    .innerJoin('rota_assignments', 'rota_assignments.session_id', 'service_sessions.id')
    // a volunteer with a resident record is counted as that resident; one without, by the login,
    // under the service's community
    .leftJoin('residents', 'residents.user_id', 'rota_assignments.user_id')
    .innerJoin('users', 'users.id', 'rota_assignments.user_id')
    .innerJoin('services', 'services.id', 'service_sessions.service_id')
    .where('service_sessions.date', '>=', f.fromDate)
    .where('service_sessions.date', '<=', f.toDate)
    .where('service_sessions.completed_at', 'is not', null)
    .select([
      sql<HourSource>`'shift'`.as('source'),
      'rota_assignments.id as source_id',
      sql<number | null>`${sql.ref('residents.id')}`.as('resident_id'),
      sql<number | null>`${sql.ref('rota_assignments.user_id')}`.as('user_id'),
      sql<string>`coalesce(${sql.ref('residents.name')}, ${sql.ref('users.name')})`.as('resident_name'),
      sql<number>`coalesce(${sql.ref('residents.community_id')}, ${sql.ref('services.community_id')})`.as(
        'community_id',
      ),
      sql<string>`${sql.ref('services.name')} || ' ' || ${sql.ref('service_sessions.period')} || '值班'`.as('title'),
      'service_sessions.starts_at as at',
      'service_sessions.ends_at as scheduled_end',
      sql<string | null>`null`.as('checked_in_at'),
      sql<string | null>`null`.as('checked_out_at'),
      'service_sessions.date',
      corrected.minutes.as('corrected_minutes'),
      corrected.version.as('version'),
    ]);
  const communityId = f.communityId;
  if (communityId !== undefined)
    q = q.where((eb) =>
      eb.or([
        eb('residents.community_id', '=', communityId),
        eb.and([eb('residents.id', 'is', null), eb('services.community_id', '=', communityId)]),
      ]),
    );
  if (f.residentId !== undefined) q = q.where('residents.id', '=', f.residentId);
  if (f.userId !== undefined) q = q.where('rota_assignments.user_id', '=', f.userId).where('residents.id', 'is', null);
  const after = f.after;
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('service_sessions.starts_at', '>', after.at),
        eb.and([
          eb('service_sessions.starts_at', '=', after.at),
          after.source === 'activity' ? sql<boolean>`1 = 1` : eb('rota_assignments.id', '>', after.id),
        ]),
      ]),
    );
  q = q.orderBy('service_sessions.starts_at').orderBy('rota_assignments.id');
  if (f.limit) q = q.limit(f.limit);
  return q;
}

/** One entry by its source, with its resident: what a correction is about. */
export async function findHourRow(db: Db | Trx, source: HourSource, sourceId: number): Promise<HourRow | undefined> {
  const everything: HourFilter = {
    fromInstant: '2000-01-01T00:00:00.000Z',
    toInstant: '2101-01-01T00:00:00.000Z',
    fromDate: '2000-01-01',
    toDate: '2100-12-31',
  };
  if (source === 'activity')
    return (await activityHourRows(db, everything).where('checkins.id', '=', sourceId).executeTakeFirst()) as
      HourRow | undefined;
  return (await shiftHourRows(db, everything).where('rota_assignments.id', '=', sourceId).executeTakeFirst()) as
    HourRow | undefined;
}

export function correctionsOf(db: Db | Trx, keys: { source: HourSource; sourceId: number }[]) {
  if (keys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('volunteer_hour_corrections')
    .leftJoin('users', 'users.id', 'volunteer_hour_corrections.corrected_by')
    .where((eb) =>
      eb.or(
        keys.map((k) =>
          eb.and([
            eb('volunteer_hour_corrections.source', '=', k.source),
            eb('volunteer_hour_corrections.source_id', '=', k.sourceId),
          ]),
        ),
      ),
    )
    .select([
      'volunteer_hour_corrections.source',
      'volunteer_hour_corrections.source_id',
      'volunteer_hour_corrections.version',
      'volunteer_hour_corrections.minutes_before',
      'volunteer_hour_corrections.minutes',
      'volunteer_hour_corrections.reason',
      'volunteer_hour_corrections.corrected_at',
      'users.name as corrected_by_name',
    ])
    .orderBy('volunteer_hour_corrections.version')
    .execute();
}

/** The next version of an entry: the unique (source, source_id, version) key refuses a second writer of the same version. */
export async function insertCorrection(
  trx: Trx,
  c: {
    source: HourSource;
    sourceId: number;
    residentId: number | null;
    version: number;
    minutesBefore: number;
    minutes: number;
    reason: string;
    by: number;
    at: string;
  },
): Promise<number> {
  const row = await trx
    .insertInto('volunteer_hour_corrections')
    .values({
      source: c.source,
      source_id: c.sourceId,
      resident_id: c.residentId,
      version: c.version,
      minutes_before: c.minutesBefore,
      minutes: c.minutes,
      reason: c.reason,
      corrected_by: c.by,
      corrected_at: c.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export function findResidentForHours(db: Db | Trx, residentId: number) {
  return db
    .selectFrom('residents')
    .innerJoin('communities', 'communities.id', 'residents.community_id')
    .where('residents.id', '=', residentId)
    .select([
      'residents.id',
      'residents.name',
      'residents.community_id',
      'residents.id_number_masked',
      'communities.name as community_name',
    ])
    .executeTakeFirst();
}

/** A volunteer login without a resident record, with the community of their volunteer role. */
export function findVolunteerUserForHours(db: Db | Trx, userId: number) {
  return db
    .selectFrom('users')
    .leftJoin('residents', 'residents.user_id', 'users.id')
    .where('users.id', '=', userId)
    .select([
      'users.id',
      'users.name',
      'residents.id as resident_id',
      (eb) =>
        eb
          .selectFrom('user_roles')
          .innerJoin('communities', 'communities.id', 'user_roles.community_id')
          .whereRef('user_roles.user_id', '=', 'users.id')
          .where('user_roles.role', '=', 'volunteer')
          .select('communities.id')
          .orderBy('user_roles.community_id')
          .limit(1)
          .as('community_id'),
    ])
    .executeTakeFirst();
}

export function communityNames(db: Db | Trx, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('communities').where('id', 'in', ids).select(['id', 'name']).execute();
}
