import type { Db, Trx } from '../../platform/deps.js';

/* ---------- photos ---------- */

export async function insertPhoto(
  trx: Trx,
  p: {
    communityId: number;
    path: string;
    width: number;
    height: number;
    bytes: number;
    uploadedBy: number;
    at: string;
  },
): Promise<number> {
  const row = await trx
    .insertInto('photos')
    .values({
      community_id: p.communityId,
      path: p.path,
      width: p.width,
      height: p.height,
      bytes: p.bytes,
      uploaded_by: p.uploadedBy,
      created_at: p.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findPhotos(db: Db | Trx, ids: number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('photos').select(['id', 'community_id']).where('id', 'in', ids).execute();
}

export function findPartners(db: Db | Trx, ids: number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('partners').select(['id', 'community_id']).where('id', 'in', ids).execute();
}

/* ---------- activities, as the result and feedback see them ---------- */

export function findActivity(db: Db | Trx, id: number) {
  return db
    .selectFrom('activities')
    .select(['id', 'community_id', 'title', 'status', 'starts_at', 'ends_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function countAttendance(
  trx: Trx,
  activityId: number,
): Promise<{ attendance: number; registered: number }> {
  const [checkins, registrations] = await Promise.all([
    trx
      .selectFrom('checkins')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('activity_id', '=', activityId)
      .executeTakeFirstOrThrow(),
    trx
      .selectFrom('registrations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('activity_id', '=', activityId)
      .where('status', '=', 'registered')
      .executeTakeFirstOrThrow(),
  ]);
  return { attendance: Number(checkins.n), registered: Number(registrations.n) };
}

/* ---------- results ---------- */

/**
 * Insert or replace the result row. Runs first in the publishing transaction: on PostgreSQL the
 * insert (or the update that follows a conflict) holds the result row until commit, so a second
 * publisher of the same activity waits here and replaces the photo and partner rows only after the
 * first has committed — no duplicate-key race between two replacements.
 */
export async function upsertResult(
  trx: Trx,
  r: { activityId: number; summary: string; attendance: number; registered: number; publishedBy: number; at: string },
): Promise<'created' | 'replaced'> {
  const existing = await trx
    .insertInto('activity_results')
    .values({
      activity_id: r.activityId,
      summary: r.summary,
      attendance: r.attendance,
      registered: r.registered,
      published_by: r.publishedBy,
      published_at: r.at,
    })
    .onConflict((oc) => oc.column('activity_id').doNothing())
    .executeTakeFirst();
  if (Number(existing.numInsertedOrUpdatedRows ?? 0) === 1) return 'created';
  await trx
    .updateTable('activity_results')
    .set({
      summary: r.summary,
      attendance: r.attendance,
      registered: r.registered,
      published_by: r.publishedBy,
      published_at: r.at,
    })
    .where('activity_id', '=', r.activityId)
    .execute();
  return 'replaced';
}

export async function replaceResultPhotos(trx: Trx, activityId: number, photoIds: number[]): Promise<void> {
  await trx.deleteFrom('activity_result_photos').where('activity_id', '=', activityId).execute();
  if (photoIds.length) {
    await trx
      .insertInto('activity_result_photos')
      .values(photoIds.map((photoId, position) => ({ activity_id: activityId, photo_id: photoId, position })))
      .execute();
  }
}

export async function replaceResultPartners(trx: Trx, activityId: number, partnerIds: number[]): Promise<void> {
  await trx.deleteFrom('activity_result_partners').where('activity_id', '=', activityId).execute();
  if (partnerIds.length) {
    await trx
      .insertInto('activity_result_partners')
      .values(partnerIds.map((partnerId) => ({ activity_id: activityId, partner_id: partnerId })))
      .execute();
  }
}

/** Results of published activities, the most recent activity first (a corrected result keeps its place). */
export function listResults(
  db: Db | Trx,
  filter: { activityId?: number; communityId?: number; offset: number; limit: number },
) {
  let q = db
    .selectFrom('activity_results')
    .innerJoin('activities', 'activities.id', 'activity_results.activity_id')
    .innerJoin('communities', 'communities.id', 'activities.community_id')
    .select([
      'activities.id as activity_id',
      'activities.title',
      'activities.community_id',
      'communities.name as community_name',
      'activities.category',
      'activities.starts_at',
      'activity_results.summary',
      'activity_results.attendance',
      'activity_results.registered',
      'activity_results.published_at',
    ])
    .where('activities.status', '=', 'published');
  if (filter.activityId) q = q.where('activities.id', '=', filter.activityId);
  if (filter.communityId) q = q.where('activities.community_id', '=', filter.communityId);
  return q
    .orderBy('activities.starts_at', 'desc')
    .orderBy('activities.id', 'desc')
    .offset(filter.offset)
    .limit(filter.limit)
    .execute();
}

export function listResultPhotos(db: Db | Trx, activityIds: number[]) {
  if (!activityIds.length) return Promise.resolve([]);
  return db
    .selectFrom('activity_result_photos')
    .innerJoin('photos', 'photos.id', 'activity_result_photos.photo_id')
    .select(['activity_result_photos.activity_id', 'photos.id', 'photos.path', 'photos.width', 'photos.height'])
    .where('activity_result_photos.activity_id', 'in', activityIds)
    .orderBy('activity_result_photos.activity_id')
    .orderBy('activity_result_photos.position')
    .execute();
}

export function listResultPartners(db: Db | Trx, activityIds: number[]) {
  if (!activityIds.length) return Promise.resolve([]);
  return db
    .selectFrom('activity_result_partners')
    .innerJoin('partners', 'partners.id', 'activity_result_partners.partner_id')
    .select(['activity_result_partners.activity_id', 'partners.id', 'partners.name', 'partners.kind'])
    .where('activity_result_partners.activity_id', 'in', activityIds)
    .orderBy('partners.id')
    .execute();
}

export async function ratingsOf(db: Db | Trx, activityIds: number[]) {
  if (!activityIds.length) return [];
  const rows = await db
    .selectFrom('activity_feedback')
    .select([
      'activity_id',
      (eb) => eb.fn.countAll<number>().as('count'),
      (eb) => eb.fn.sum<number>('stars').as('stars'),
    ])
    .where('activity_id', 'in', activityIds)
    .groupBy('activity_id')
    .execute();
  // pg returns count and sum as strings.
  return rows.map((r) => ({ activityId: r.activity_id, count: Number(r.count), stars: Number(r.stars) }));
}

/** The latest few comments of each activity (a window per activity, one query for the page). */
export function latestFeedback(db: Db | Trx, activityIds: number[], perActivity: number) {
  if (!activityIds.length) return Promise.resolve([]);
  return db
    .selectFrom((eb) =>
      eb
        .selectFrom('activity_feedback')
        .innerJoin('residents', 'residents.id', 'activity_feedback.resident_id')
        .select([
          'activity_feedback.activity_id',
          'activity_feedback.stars',
          'activity_feedback.comment',
          'activity_feedback.created_at',
          'activity_feedback.resident_id',
          'residents.name',
          (w) =>
            w.fn
              .agg<number>('row_number')
              .over((over) =>
                over
                  .partitionBy('activity_feedback.activity_id')
                  .orderBy('activity_feedback.created_at', 'desc')
                  .orderBy('activity_feedback.resident_id', 'desc'),
              )
              .as('rank'),
        ])
        .where('activity_feedback.activity_id', 'in', activityIds)
        .as('ranked'),
    )
    .select(['ranked.activity_id', 'ranked.stars', 'ranked.comment', 'ranked.name'])
    .where('ranked.rank', '<=', perActivity)
    .orderBy('ranked.activity_id')
    .orderBy('ranked.created_at', 'desc')
    .orderBy('ranked.resident_id', 'desc')
    .execute();
}

/* ---------- feedback ---------- */

export function findCheckin(db: Db | Trx, activityId: number, residentId: number) {
  return db
    .selectFrom('checkins')
    .select(['id', 'checked_in_at'])
    .where('activity_id', '=', activityId)
    .where('resident_id', '=', residentId)
    .executeTakeFirst();
}

/**
 * One feedback per person and activity (the primary key). A second submission corrects the first:
 * insert if absent, otherwise update — each one atomic statement, so a double tap cannot make two.
 */
export async function saveFeedback(
  trx: Trx,
  f: { activityId: number; residentId: number; stars: number; comment: string | null; at: string },
): Promise<'created' | 'updated'> {
  const inserted = await trx
    .insertInto('activity_feedback')
    .values({
      activity_id: f.activityId,
      resident_id: f.residentId,
      stars: f.stars,
      comment: f.comment,
      created_at: f.at,
    })
    .onConflict((oc) => oc.columns(['activity_id', 'resident_id']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return 'created';
  await trx
    .updateTable('activity_feedback')
    .set({ stars: f.stars, comment: f.comment })
    .where('activity_id', '=', f.activityId)
    .where('resident_id', '=', f.residentId)
    .execute();
  return 'updated';
}
