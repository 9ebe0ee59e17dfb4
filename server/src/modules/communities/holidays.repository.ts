import type { Db, Trx } from '../../platform/deps.js';

export function listHolidays(db: Db | Trx, from?: string, to?: string) {
  let q = db.selectFrom('holidays').select(['date', 'kind', 'name']).orderBy('date');
  if (from) q = q.where('date', '>=', from);
  if (to) q = q.where('date', '<=', to);
  return q.execute();
}

/** One row per date: a second entry for a date replaces the first (a day is either off or worked). */
export async function upsertHoliday(
  trx: Trx,
  h: { date: string; kind: 'off' | 'workday'; name: string; created_at: string },
) {
  await trx
    .insertInto('holidays')
    .values(h)
    .onConflict((oc) => oc.column('date').doUpdateSet({ kind: h.kind, name: h.name }))
    .execute();
}

export async function deleteHoliday(trx: Trx, date: string): Promise<boolean> {
  const r = await trx.deleteFrom('holidays').where('date', '=', date).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
