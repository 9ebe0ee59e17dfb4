import type { Db, Trx } from '../../platform/deps.js';

const COLUMNS = ['id', 'community_id', 'name', 'address', 'category', 'party_alliance'] as const;

export function listMerchants(
  db: Db,
  filter: {
    communityIds: number[] | 'all';
    communityId?: number;
    /** a page: the merchants after this (community, id) position, in the list's order */
    page?: { limit: number; after: [number, number] | null };
  },
) {
  let q = db.selectFrom('merchants').select(COLUMNS).orderBy('community_id').orderBy('id');
  if (filter.communityIds !== 'all')
    q = q.where('community_id', 'in', filter.communityIds.length ? filter.communityIds : [-1]);
  if (filter.communityId) q = q.where('community_id', '=', filter.communityId);
  if (filter.page) {
    const after = filter.page.after;
    if (after) q = q.where((eb) => eb(eb.refTuple('community_id', 'id'), '>', eb.tuple(after[0], after[1])));
    q = q.limit(filter.page.limit);
  }
  return q.execute();
}

export function findMerchant(db: Db | Trx, id: number) {
  return db.selectFrom('merchants').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}
export type MerchantRow = NonNullable<Awaited<ReturnType<typeof findMerchant>>>;

export async function allMerchantIds(db: Db): Promise<number[]> {
  return (await db.selectFrom('merchants').select('id').execute()).map((r) => r.id);
}

export async function insertMerchant(
  trx: Trx,
  m: { communityId: number; name: string; address: string; category: string; partyAlliance: boolean; at: string },
): Promise<number> {
  const row = await trx
    .insertInto('merchants')
    .values({
      community_id: m.communityId,
      name: m.name,
      address: m.address,
      category: m.category,
      party_alliance: m.partyAlliance ? 1 : 0,
      created_at: m.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateMerchant(
  trx: Trx,
  id: number,
  changes: { name?: string; address?: string; category?: string; partyAlliance?: boolean },
): Promise<void> {
  await trx
    .updateTable('merchants')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.address !== undefined ? { address: changes.address } : {}),
      ...(changes.category !== undefined ? { category: changes.category } : {}),
      ...(changes.partyAlliance !== undefined ? { party_alliance: changes.partyAlliance ? 1 : 0 } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Every form of a merchant's participation is one contribution row; ratings are computed over them. */
export async function insertContribution(
  trx: Trx,
  c: {
    merchantId: number;
    kind: 'donation' | 'sponsorship' | 'booth' | 'service' | 'voucher';
    refType: string | null;
    refId: string | null;
    description: string;
    quality: number | null;
    /** the activity a sponsorship, booth or service was part of */
    activityId: number | null;
    occurredAt: string;
    recordedBy: number | null;
    at: string;
  },
): Promise<number> {
  const row = await trx
    .insertInto('merchant_contributions')
    .values({
      merchant_id: c.merchantId,
      kind: c.kind,
      ref_type: c.refType,
      ref_id: c.refId,
      description: c.description,
      quality: c.quality,
      activity_id: c.activityId,
      occurred_at: c.occurredAt,
      recorded_by: c.recordedBy,
      created_at: c.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
