import type { Db, Trx } from '../../platform/deps.js';

export async function insertNotifications(
  trx: Trx,
  rows: { residentId: number; kind: string; title: string; body: string; link: string | null; at: string }[],
) {
  if (!rows.length) return;
  await trx
    .insertInto('notifications')
    .values(
      rows.map((r) => ({
        resident_id: r.residentId,
        kind: r.kind,
        title: r.title,
        body: r.body,
        link: r.link,
        created_at: r.at,
      })),
    )
    .execute();
}

export function listForResident(db: Db, residentId: number, limit: number) {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('resident_id', '=', residentId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function countUnread(db: Db, residentId: number): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('resident_id', '=', residentId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function markRead(db: Db, residentId: number, at: string, upToId?: number) {
  let q = db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('resident_id', '=', residentId)
    .where('read_at', 'is', null);
  if (upToId) q = q.where('id', '<=', upToId);
  await q.execute();
}
