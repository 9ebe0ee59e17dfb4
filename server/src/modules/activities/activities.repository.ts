import { sql } from 'kysely';
import { ACTIVITY_TRANSITIONS, type TActivityTransition } from '@zhongli/domain';
import type { ActivityStatus } from '../../db/schema.js';
import type { Db, Trx } from '../../platform/deps.js';
import { keysetRows } from '../../platform/keyset.js';

const ACTIVITY_COLUMNS = [
  'activities.id',
  'activities.community_id',
  'communities.name as community_name',
  'activities.title',
  'activities.category',
  'activities.venue_id',
  'venues.name as venue_name',
  'activities.place',
  'activities.starts_at',
  'activities.ends_at',
  'activities.week',
  'activities.capacity',
  'activities.registered',
  'activities.points_rule_id',
  'activities.description',
  'activities.cover_photo_id',
  'activities.status',
  'activities.return_reason',
  'activities.published_at',
  'activities.changed_at',
  'activities.change_note',
  'activities.cancelled_at',
  'activities.cancel_reason',
  'activities.created_at',
  'activities.updated_at',
  'activities.volunteer_service',
] as const;

function withJoins(db: Db | Trx) {
  return db
    .selectFrom('activities')
    .innerJoin('communities', 'communities.id', 'activities.community_id')
    .leftJoin('venues', 'venues.id', 'activities.venue_id');
}

export function findActivity(db: Db | Trx, id: number) {
  return withJoins(db)
    .select(ACTIVITY_COLUMNS)
    .select('activities.checkin_secret')
    .where('activities.id', '=', id)
    .executeTakeFirst();
}
export type ActivityRow = NonNullable<Awaited<ReturnType<typeof findActivity>>>;

export function listActivities(
  db: Db | Trx,
  filter: {
    communityIds?: number[] | 'all';
    communityId?: number;
    week?: string;
    statuses?: ActivityStatus[];
    from?: string;
    to?: string;
    limit?: number;
  },
) {
  let q = withJoins(db)
    .select(ACTIVITY_COLUMNS)
    .select('activities.checkin_secret')
    .orderBy('activities.starts_at')
    .orderBy('activities.id');
  if (filter.communityIds && filter.communityIds !== 'all')
    q = q.where('activities.community_id', 'in', filter.communityIds.length ? filter.communityIds : [-1]);
  if (filter.communityId) q = q.where('activities.community_id', '=', filter.communityId);
  if (filter.week) q = q.where('activities.week', '=', filter.week);
  if (filter.statuses) q = q.where('activities.status', 'in', filter.statuses);
  if (filter.from) q = q.where('activities.ends_at', '>', filter.from);
  if (filter.to) q = q.where('activities.starts_at', '<', filter.to);
  if (filter.limit) q = q.limit(filter.limit);
  return q.execute();
}

export async function insertActivity(
  trx: Trx,
  a: {
    communityId: number;
    title: string;
    category: string;
    venueId: number | null;
    place: string | null;
    startsAt: string;
    endsAt: string;
    week: string;
    capacity: number | null;
    pointsRuleId: number | null;
    description: string | null;
    volunteerService: boolean;
    checkinSecret: string;
    createdBy: number;
    at: string;
  },
) {
  const row = await trx
    .insertInto('activities')
    .values({
      community_id: a.communityId,
      title: a.title,
      category: a.category,
      venue_id: a.venueId,
      place: a.place,
      starts_at: a.startsAt,
      ends_at: a.endsAt,
      week: a.week,
      capacity: a.capacity,
      points_rule_id: a.pointsRuleId,
      description: a.description,
      volunteer_service: a.volunteerService ? 1 : 0,
      status: 'draft',
      checkin_secret: a.checkinSecret,
      created_by: a.createdBy,
      created_at: a.at,
      updated_at: a.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Locks the week's activities of these statuses (the rows alone, in id order so two batches cannot deadlock). */
export async function lockWeek(trx: Trx, { week, statuses }: { week: string; statuses: ActivityStatus[] }) {
  await trx
    .selectFrom('activities')
    .select('id')
    .where('week', '=', week)
    .where('status', 'in', statuses)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Whether the venue was archived (an archived venue keeps its history but takes no new activity). */
export async function isVenueArchived(db: Db | Trx, venueId: number): Promise<boolean> {
  const venue = await db.selectFrom('venues').select('archived_at').where('id', '=', venueId).executeTakeFirst();
  return !!venue?.archived_at;
}

/**
 * A draft copy of an activity `shiftMs` later. The unique key on `copied_from_id` decides: when the
 * activity was copied before (or a concurrent copy got there first) nothing is inserted and the
 * answer is the existing copy's id with `created: false`.
 */
export async function insertCopy(
  trx: Trx,
  source: ActivityRow,
  copy: { startsAt: string; endsAt: string; week: string; checkinSecret: string; createdBy: number; at: string },
): Promise<{ id: number; created: boolean }> {
  const inserted = await trx
    .insertInto('activities')
    .values({
      community_id: source.community_id,
      title: source.title,
      category: source.category,
      venue_id: source.venue_id,
      place: source.place,
      starts_at: copy.startsAt,
      ends_at: copy.endsAt,
      week: copy.week,
      capacity: source.capacity,
      points_rule_id: source.points_rule_id,
      description: source.description,
      volunteer_service: source.volunteer_service,
      status: 'draft',
      checkin_secret: copy.checkinSecret,
      created_by: copy.createdBy,
      created_at: copy.at,
      updated_at: copy.at,
      copied_from_id: source.id,
    })
    .onConflict((oc) => oc.column('copied_from_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await trx
    .selectFrom('activities')
    .select('id')
    .where('copied_from_id', '=', source.id)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

/** Sets a new capacity only if it still holds everyone registered (a registration may have just come in). */
export async function setCapacity(trx: Trx, id: number, capacity: number | null): Promise<boolean> {
  let q = trx.updateTable('activities').set({ capacity }).where('id', '=', id);
  if (capacity != null) q = q.where('registered', '<=', capacity);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updateActivityFields(
  trx: Trx,
  id: number,
  changes: Partial<{
    title: string;
    category: string;
    venue_id: number | null;
    place: string | null;
    starts_at: string;
    ends_at: string;
    week: string;
    capacity: number | null;
    points_rule_id: number | null;
    description: string | null;
    volunteer_service: number;
    changed_at: string;
    change_note: string | null;
    updated_at: string;
  }>,
) {
  await trx.updateTable('activities').set(changes).where('id', '=', id).execute();
}

/**
 * One step of the weekly cycle (domain's ACTIVITY_TRANSITIONS), taken only from the states the step
 * allows: the condition makes it race-safe — a double click or two reviewers cannot skip a state.
 */
export async function transition(
  trx: Trx,
  id: number,
  step: TActivityTransition,
  extra: Partial<{
    return_reason: string | null;
    published_at: string;
    cancelled_at: string;
    cancel_reason: string;
    updated_at: string;
  }> = {},
): Promise<boolean> {
  const { from, to } = ACTIVITY_TRANSITIONS[step];
  const result = await trx
    .updateTable('activities')
    .set({ status: to, ...extra })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function publishApprovedOfWeek(trx: Trx, week: string, at: string): Promise<number> {
  const { from, to } = ACTIVITY_TRANSITIONS.publishWeek;
  const result = await trx
    .updateTable('activities')
    .set({ status: to, published_at: at, updated_at: at })
    .where('week', '=', week)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function replaceLinks(trx: Trx, activityId: number, links: { partnerIds?: number[]; needIds?: number[] }) {
  if (links.partnerIds) {
    await trx.deleteFrom('activity_partners').where('activity_id', '=', activityId).execute();
    if (links.partnerIds.length)
      await trx
        .insertInto('activity_partners')
        .values([...new Set(links.partnerIds)].map((partner_id) => ({ activity_id: activityId, partner_id })))
        .execute();
  }
  if (links.needIds) {
    await trx.deleteFrom('activity_needs').where('activity_id', '=', activityId).execute();
    if (links.needIds.length)
      await trx
        .insertInto('activity_needs')
        .values([...new Set(links.needIds)].map((need_id) => ({ activity_id: activityId, need_id })))
        .execute();
  }
}

export function partnersOf(db: Db | Trx, activityIds: number[]) {
  if (!activityIds.length) return Promise.resolve([]);
  return db
    .selectFrom('activity_partners')
    .innerJoin('partners', 'partners.id', 'activity_partners.partner_id')
    .select(['activity_partners.activity_id', 'partners.id', 'partners.name', 'partners.kind', 'partners.merchant_id'])
    .where('activity_partners.activity_id', 'in', activityIds)
    .orderBy('partners.id')
    .execute();
}

export function needsOf(db: Db | Trx, activityIds: number[]) {
  if (!activityIds.length) return Promise.resolve([]);
  return db
    .selectFrom('activity_needs')
    .innerJoin('needs', 'needs.id', 'activity_needs.need_id')
    .select(['activity_needs.activity_id', 'needs.id', 'needs.text', 'needs.category', 'needs.supports'])
    .where('activity_needs.activity_id', 'in', activityIds)
    .execute();
}

export function waitlistCounts(db: Db | Trx, activityIds: number[]) {
  if (!activityIds.length) return Promise.resolve([]);
  return db
    .selectFrom('registrations')
    .select(['activity_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('activity_id', 'in', activityIds)
    .where('status', '=', 'waitlisted')
    .groupBy('activity_id')
    .execute();
}

export function findNeeds(db: Db | Trx, ids: number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('needs').select(['id', 'community_id']).where('id', 'in', ids).execute();
}

export function listCategories(db: Db | Trx) {
  return db.selectFrom('activity_categories').select(['id', 'name']).orderBy('position').orderBy('id').execute();
}

export async function insertCategory(trx: Trx, name: string) {
  const row = await trx
    .selectFrom('activity_categories')
    .select((eb) => eb.fn.max('position').as('position'))
    .executeTakeFirst();
  await trx
    .insertInto('activity_categories')
    .values({ name, position: Number(row?.position ?? 0) + 1 })
    .execute();
}

// Registrations ---------------------------------------------------------------------------------

export function findRegistration(db: Db | Trx, activityId: number, residentId: number) {
  return db
    .selectFrom('registrations')
    .selectAll()
    .where('activity_id', '=', activityId)
    .where('resident_id', '=', residentId)
    .executeTakeFirst();
}

export function findRegistrationById(db: Db | Trx, id: number) {
  return db.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The registration, locked until the transaction ends: a cancellation acts on the state the row
 * has now. Without the lock a waitlisted person's cancel could read "waitlisted" while another
 * cancellation promotes them, then find nothing to cancel and leave them holding the place.
 */
export function lockRegistration(trx: Trx, id: number) {
  return trx.selectFrom('registrations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Takes a place while there is one: `registered < capacity` checked and written in one statement. */
export async function takePlace(trx: Trx, activityId: number): Promise<boolean> {
  const result = await trx
    .updateTable('activities')
    .set((eb) => ({ registered: eb('registered', '+', 1) }))
    .where('id', '=', activityId)
    .where((eb) => eb.or([eb('capacity', 'is', null), eb('registered', '<', eb.ref('capacity'))]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releasePlace(trx: Trx, activityId: number): Promise<void> {
  await trx
    .updateTable('activities')
    .set((eb) => ({ registered: eb('registered', '-', 1) }))
    .where('id', '=', activityId)
    .where('registered', '>', 0)
    .execute();
}

/** The next waitlist position: positions only grow, so the waitlist keeps arrival order. */
export async function nextWaitlistPosition(trx: Trx, activityId: number): Promise<number> {
  const row = await trx
    .updateTable('activities')
    .set((eb) => ({ waitlist_seq: eb('waitlist_seq', '+', 1) }))
    .where('id', '=', activityId)
    .returning('waitlist_seq')
    .executeTakeFirstOrThrow();
  return row.waitlist_seq;
}

export async function insertRegistration(
  trx: Trx,
  r: {
    activityId: number;
    residentId: number;
    status: 'registered' | 'waitlisted';
    waitlistPosition: number | null;
    registeredBy: number | null;
    at: string;
  },
) {
  const row = await trx
    .insertInto('registrations')
    .values({
      activity_id: r.activityId,
      resident_id: r.residentId,
      status: r.status,
      waitlist_position: r.waitlistPosition,
      registered_by: r.registeredBy,
      created_at: r.at,
      updated_at: r.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Re-activates a cancelled registration (one row per person per activity). */
export async function reviveRegistration(
  trx: Trx,
  id: number,
  r: { status: 'registered' | 'waitlisted'; waitlistPosition: number | null; registeredBy: number | null; at: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('registrations')
    .set({ status: r.status, waitlist_position: r.waitlistPosition, registered_by: r.registeredBy, updated_at: r.at })
    .where('id', '=', id)
    .where('status', '=', 'cancelled')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setRegistrationStatus(
  trx: Trx,
  id: number,
  from: 'registered' | 'waitlisted',
  to: 'registered' | 'cancelled',
  at: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('registrations')
    .set({ status: to, updated_at: at, ...(to === 'registered' ? { waitlist_position: null } : {}) })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function firstWaitlisted(trx: Trx, activityId: number) {
  return trx
    .selectFrom('registrations')
    .selectAll()
    .where('activity_id', '=', activityId)
    .where('status', '=', 'waitlisted')
    .orderBy('waitlist_position')
    .limit(1)
    .executeTakeFirst();
}

export function listRegistrations(db: Db, activityId: number) {
  return db
    .selectFrom('registrations')
    .innerJoin('residents', 'residents.id', 'registrations.resident_id')
    .leftJoin('checkins', (join) =>
      join
        .onRef('checkins.activity_id', '=', 'registrations.activity_id')
        .onRef('checkins.resident_id', '=', 'registrations.resident_id'),
    )
    .select([
      'registrations.id',
      'registrations.resident_id',
      'residents.name',
      'residents.community_id',
      'registrations.status',
      'registrations.waitlist_position',
      'registrations.created_at',
      'checkins.checked_in_at',
      'checkins.checked_out_at',
    ])
    .where('registrations.activity_id', '=', activityId)
    .where('registrations.status', '!=', 'cancelled')
    .orderBy(sql`case when ${sql.ref('registrations.status')} = 'registered' then 0 else 1 end`)
    .orderBy('registrations.waitlist_position')
    .orderBy('registrations.id')
    .execute();
}

export function registeredResidentIds(db: Db | Trx, activityId: number) {
  return db
    .selectFrom('registrations')
    .select(['resident_id', 'status'])
    .where('activity_id', '=', activityId)
    .where('status', 'in', ['registered', 'waitlisted'])
    .$narrowType<{ status: 'registered' | 'waitlisted' }>()
    .execute();
}

/**
 * A resident's sign-ups (not cancelled) with their activities and check-ins, in one query, in
 * the order the activities start.
 */
export async function myRegistrations(db: Db, residentId: number) {
  const rows = await withJoins(db)
    .innerJoin('registrations', 'registrations.activity_id', 'activities.id')
    .leftJoin('checkins', (join) =>
      join.onRef('checkins.activity_id', '=', 'activities.id').on('checkins.resident_id', '=', residentId),
    )
    .select(ACTIVITY_COLUMNS)
    .select([
      'activities.checkin_secret',
      'registrations.id as registration_id',
      'registrations.status as registration_status',
      'registrations.waitlist_position as registration_position',
      'checkins.checked_in_at as registration_checked_in_at',
      'checkins.checked_out_at as registration_checked_out_at',
    ])
    .where('registrations.resident_id', '=', residentId)
    .where('registrations.status', '!=', 'cancelled')
    .orderBy('activities.starts_at')
    .orderBy('activities.id')
    .execute();
  return rows.map(
    ({
      registration_id,
      registration_status,
      registration_position,
      registration_checked_in_at,
      registration_checked_out_at,
      ...row
    }) => ({
      row: row satisfies ActivityRow,
      registration: {
        id: registration_id,
        status: registration_status,
        position: registration_position,
        checkedInAt: registration_checked_in_at,
        checkedOutAt: registration_checked_out_at,
      },
    }),
  );
}

// Check-ins -------------------------------------------------------------------------------------

export function findCheckin(db: Db | Trx, activityId: number, residentId: number) {
  return db
    .selectFrom('checkins')
    .selectAll()
    .where('activity_id', '=', activityId)
    .where('resident_id', '=', residentId)
    .executeTakeFirst();
}

export async function insertCheckin(
  trx: Trx,
  c: {
    activityId: number;
    residentId: number;
    method: 'code' | 'card' | 'staff';
    actorUserId: number | null;
    at: string;
  },
) {
  const row = await trx
    .insertInto('checkins')
    .values({
      activity_id: c.activityId,
      resident_id: c.residentId,
      method: c.method,
      actor_user_id: c.actorUserId,
      checked_in_at: c.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function linkCheckinEntry(trx: Trx, checkinId: number, entryId: number) {
  await trx.updateTable('checkins').set({ points_entry_id: entryId }).where('id', '=', checkinId).execute();
}

export async function countCheckins(db: Db | Trx, activityId: number): Promise<number> {
  const row = await db
    .selectFrom('checkins')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('activity_id', '=', activityId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Wrong check-in codes ----------------------------------------------------------------------------

/**
 * Reserves one try of a check-in code for this resident and activity, in one conditional upsert:
 * a counter whose window (from its first wrong code) has passed starts again at 1; otherwise it
 * grows while below `limit`. No row back means the limit is reached — concurrent tries cannot get
 * past it. Returns the window the try was counted in.
 */
export async function reserveCodeTry(
  db: Db | Trx,
  t: { activityId: number; residentId: number; at: string; windowOpenedAfter: string; limit: number },
): Promise<string | null> {
  const row = await db
    .insertInto('checkin_code_failures')
    .values({ activity_id: t.activityId, resident_id: t.residentId, window_started_at: t.at, failures: 1 })
    .onConflict((oc) =>
      oc
        .columns(['activity_id', 'resident_id'])
        .doUpdateSet((eb) => {
          const expired = eb('checkin_code_failures.window_started_at', '<=', t.windowOpenedAfter);
          return {
            failures: eb
              .case()
              .when(expired)
              .then(1)
              .else(eb('checkin_code_failures.failures', '+', 1))
              .end(),
            window_started_at: eb
              .case()
              .when(expired)
              .then(t.at)
              .else(eb.ref('checkin_code_failures.window_started_at'))
              .end(),
          };
        })
        .where((eb) =>
          eb.or([
            eb('checkin_code_failures.window_started_at', '<=', t.windowOpenedAfter),
            eb('checkin_code_failures.failures', '<', t.limit),
          ]),
        ),
    )
    .returning('window_started_at')
    .executeTakeFirst();
  return row?.window_started_at ?? null;
}

/** Gives a reserved try back (the code was right): only within the window it was counted in. */
export async function releaseCodeTry(
  db: Db | Trx,
  t: { activityId: number; residentId: number; window: string },
): Promise<void> {
  await db
    .updateTable('checkin_code_failures')
    .set((eb) => ({ failures: eb('failures', '-', 1) }))
    .where('activity_id', '=', t.activityId)
    .where('resident_id', '=', t.residentId)
    .where('window_started_at', '=', t.window)
    .where('failures', '>', 0)
    .execute();
}

/** Activities that have gone to the center: submitted, approved or published (开通向导's 本周菜单). */
export async function countActivitiesSent(db: Db): Promise<number> {
  const row = await db
    .selectFrom('activities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', ['submitted', 'approved', 'published'])
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The registrations (not cancelled) and whether each checked in, for the export: keyset pages on the sign-up. */
export function registrationsForExport(db: Db, activityId: number) {
  return keysetRows((afterId, limit) =>
    db
      .selectFrom('registrations')
      .innerJoin('residents', 'residents.id', 'registrations.resident_id')
      .innerJoin('communities', 'communities.id', 'residents.community_id')
      .leftJoin('checkins', (join) =>
        join
          .onRef('checkins.activity_id', '=', 'registrations.activity_id')
          .onRef('checkins.resident_id', '=', 'registrations.resident_id'),
      )
      .select([
        'registrations.id',
        'residents.name',
        'residents.member_code',
        'residents.community_id',
        'communities.name as community_name',
        'registrations.status',
        'registrations.waitlist_position',
        'registrations.created_at',
        'checkins.checked_in_at',
      ])
      .where('registrations.activity_id', '=', activityId)
      .where('registrations.status', '!=', 'cancelled')
      .where('registrations.id', '>', afterId)
      .orderBy('registrations.id')
      .limit(limit)
      .execute(),
  );
}

/** Who checked in without a (live) registration: walk-ins, for the attendance half of the export. */
export function walkInsForExport(db: Db, activityId: number) {
  return keysetRows((afterId, limit) =>
    db
      .selectFrom('checkins')
      .innerJoin('residents', 'residents.id', 'checkins.resident_id')
      .innerJoin('communities', 'communities.id', 'residents.community_id')
      .select([
        'checkins.id',
        'residents.name',
        'residents.member_code',
        'residents.community_id',
        'communities.name as community_name',
        'checkins.checked_in_at',
      ])
      .where('checkins.activity_id', '=', activityId)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('registrations')
              .select('registrations.id')
              .whereRef('registrations.activity_id', '=', 'checkins.activity_id')
              .whereRef('registrations.resident_id', '=', 'checkins.resident_id')
              .where('registrations.status', '!=', 'cancelled'),
          ),
        ),
      )
      .where('checkins.id', '>', afterId)
      .orderBy('checkins.id')
      .limit(limit)
      .execute(),
  );
}

// Check-outs (签退, volunteer activities) --------------------------------------------------------

/** Checks one person out, once: only a check-in not yet checked out changes (the first marking wins). */
export async function checkOutOne(
  trx: Trx,
  c: { activityId: number; residentId: number; at: string; method: 'code' | 'staff'; by: number },
) {
  return trx
    .updateTable('checkins')
    .set({ checked_out_at: c.at, checkout_method: c.method, checkout_by: c.by })
    .where('activity_id', '=', c.activityId)
    .where('resident_id', '=', c.residentId)
    .where('checked_out_at', 'is', null)
    .returning(['resident_id', 'checked_in_at', 'checked_out_at'])
    .executeTakeFirst();
}

/** 全部签退: everyone still checked in, in one conditional UPDATE. */
export async function checkOutEveryone(trx: Trx, c: { activityId: number; at: string; by: number }) {
  return trx
    .updateTable('checkins')
    .set({ checked_out_at: c.at, checkout_method: 'staff', checkout_by: c.by })
    .where('activity_id', '=', c.activityId)
    .where('checked_out_at', 'is', null)
    .returning(['resident_id', 'checked_in_at', 'checked_out_at'])
    .execute();
}

export function residentNames(db: Db | Trx, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('residents').where('id', 'in', ids).select(['id', 'name']).execute();
}
