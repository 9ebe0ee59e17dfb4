import type { Db, Trx } from '../../platform/deps.js';

/** The published weeks (菜单): one row per week, written once when the center publishes it. */
export function findMenuWeek(db: Db | Trx, week: string) {
  return db.selectFrom('menu_weeks').select(['week', 'published_at']).where('week', '=', week).executeTakeFirst();
}

/** Marks the week published; a second publication keeps the first time (the week's menu went out then). */
export async function markWeekPublished(trx: Trx, w: { week: string; at: string; by: number }) {
  await trx
    .insertInto('menu_weeks')
    .values({ week: w.week, published_at: w.at, published_by: w.by })
    .onConflict((oc) => oc.column('week').doNothing())
    .execute();
  return (await findMenuWeek(trx, w.week))!;
}
