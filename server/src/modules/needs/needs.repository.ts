import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Db, Trx } from '../../platform/deps.js';

export interface NeedFilter {
  communityIds: number[] | 'all';
  communityId?: number;
  category?: string;
}

const NEED_COLUMNS = [
  'needs.id',
  'needs.community_id',
  'needs.category',
  'needs.text',
  'needs.supports',
  'needs.posted_by_user_id',
  'needs.created_at',
] as const;

export function findNeed(db: Db | Trx, id: number) {
  return db.selectFrom('needs').select(NEED_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function insertNeed(
  trx: Trx,
  n: { communityId: number; residentId: number; category: string; text: string; postedBy?: number; at: string },
): Promise<number> {
  const row = await trx
    .insertInto('needs')
    .values({
      community_id: n.communityId,
      resident_id: n.residentId,
      category: n.category,
      text: n.text,
      posted_by_user_id: n.postedBy ?? null,
      created_at: n.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The unique (need_id, resident_id) key is what makes "once per resident" hold; a second insert violates it. */
export async function insertSupport(
  trx: Trx,
  s: { needId: number; residentId: number; supportedBy?: number; at: string },
): Promise<void> {
  await trx
    .insertInto('need_supports')
    .values({
      need_id: s.needId,
      resident_id: s.residentId,
      supported_by_user_id: s.supportedBy ?? null,
      created_at: s.at,
    })
    .execute();
}

/** The counter moves in the same transaction as the support row, by the database, never read-then-write. */
export async function incrementSupports(trx: Trx, needId: number): Promise<number> {
  const row = await trx
    .updateTable('needs')
    .set((eb) => ({ supports: eb('supports', '+', 1) }))
    .where('id', '=', needId)
    .returning('supports')
    .executeTakeFirstOrThrow();
  return row.supports;
}

/** The community scope (and optionally one category) as one WHERE condition. */
function inScope(filter: NeedFilter, withCategory: boolean) {
  return (eb: ExpressionBuilder<Database, 'needs'>) => {
    const conditions: Expression<SqlBool>[] = [];
    if (filter.communityIds !== 'all')
      conditions.push(eb('needs.community_id', 'in', filter.communityIds.length ? filter.communityIds : [-1]));
    if (filter.communityId) conditions.push(eb('needs.community_id', '=', filter.communityId));
    if (withCategory && filter.category) conditions.push(eb('needs.category', '=', filter.category));
    return eb.and(conditions);
  };
}

/** Most wanted first; among equals, the newest. */
export function listNeeds(db: Db, filter: NeedFilter) {
  return db
    .selectFrom('needs')
    .select(NEED_COLUMNS)
    .where(inScope(filter, true))
    .orderBy('needs.supports', 'desc')
    .orderBy('needs.created_at', 'desc')
    .orderBy('needs.id', 'desc')
    .execute();
}

/** Per category over the whole scope (the category filter narrows the list, not the overview). */
export async function countByCategory(db: Db, filter: NeedFilter) {
  const rows = await db
    .selectFrom('needs')
    .select([
      'needs.category',
      (eb) => eb.fn.countAll<number>().as('needs'),
      (eb) => eb.fn.sum<number>('needs.supports').as('supports'),
    ])
    .where(inScope(filter, false))
    .groupBy('needs.category')
    .execute();
  // pg returns count and sum as strings.
  return rows.map((r) => ({ category: r.category, needs: Number(r.needs), supports: Number(r.supports ?? 0) }));
}

/** Published activities that answer these needs (linked when the activity was planned). */
export function listAnsweringActivities(db: Db, needIds: number[]) {
  if (!needIds.length) return Promise.resolve([]);
  return db
    .selectFrom('activity_needs')
    .innerJoin('activities', 'activities.id', 'activity_needs.activity_id')
    .select(['activity_needs.need_id', 'activities.id as activity_id', 'activities.title', 'activities.starts_at'])
    .where('activity_needs.need_id', 'in', needIds)
    .where('activities.status', '=', 'published')
    .orderBy('activities.starts_at')
    .orderBy('activities.id')
    .execute();
}
