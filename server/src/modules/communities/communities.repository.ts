import type { Db, Trx } from '../../platform/deps.js';

export function findCenter(db: Db | Trx) {
  return db.selectFrom('center').select(['name', 'public_url']).where('id', '=', 1).executeTakeFirst();
}

export async function updateCenter(trx: Trx, changes: { name?: string; public_url?: string | null }) {
  await trx.updateTable('center').set(changes).where('id', '=', 1).execute();
}

export function listCommunities(db: Db) {
  return db.selectFrom('communities').select(['id', 'name']).orderBy('id').execute();
}

export function findCommunity(db: Db | Trx, id: number) {
  return db.selectFrom('communities').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

export async function insertCommunity(trx: Trx, name: string, at: string): Promise<number> {
  const row = await trx
    .insertInto('communities')
    .values({ name, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function listVenues(db: Db, communityId: number) {
  return db
    .selectFrom('venues')
    .select(['id', 'name', 'address'])
    .where('community_id', '=', communityId)
    .orderBy('id')
    .execute();
}

export async function insertVenue(
  trx: Trx,
  venue: { communityId: number; name: string; address: string | null; at: string },
): Promise<number> {
  const row = await trx
    .insertInto('venues')
    .values({ community_id: venue.communityId, name: venue.name, address: venue.address, created_at: venue.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Venues per community (开通向导: a community is set up once it has one). */
export async function venueCountsByCommunity(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('venues')
    .select(['community_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('community_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.community_id), Number(r.n)]));
}
