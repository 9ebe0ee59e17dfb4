import type { Db, Trx } from '../../platform/deps.js';

/**
 * Reserves `rows` of an account's daily quota of checked rows by one conditional upsert: false (nothing
 * reserved) when the day's total would pass `limit`, so parallel uploads cannot pass it together.
 */
export async function reserveCheckRows(
  db: Db | Trx,
  k: { userId: number; day: string; rows: number; limit: number },
): Promise<boolean> {
  if (k.rows > k.limit) return false;
  const result = await db
    .insertInto('import_check_usage')
    .values({ user_id: k.userId, day: k.day, rows: k.rows })
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'day'])
        .doUpdateSet({ rows: (eb) => eb('import_check_usage.rows', '+', k.rows) })
        .where('import_check_usage.rows', '<=', k.limit - k.rows),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
