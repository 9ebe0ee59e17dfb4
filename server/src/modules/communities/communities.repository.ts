import type { Db, Trx } from '../../platform/deps.js';

export function findCenter(db: Db | Trx) {
  return db.selectFrom('center').select(['name', 'public_url']).where('id', '=', 1).executeTakeFirst();
}

export async function updateCenter(trx: Trx, changes: { name?: string; public_url?: string | null }) {
  await trx.updateTable('center').set(changes).where('id', '=', 1).execute();
}

/** The communities in use: pickers and public lists never offer an archived one. */
export function listCommunities(db: Db) {
  return db.selectFrom('communities').select(['id', 'name']).where('archived_at', 'is', null).orderBy('id').execute();
}

/** A community in use; an archived one is, for everything new, as if it did not exist. */
export function findCommunity(db: Db | Trx, id: number) {
  return db
    .selectFrom('communities')
    .select(['id', 'name'])
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
}

export function findCommunityIncludingArchived(db: Db | Trx, id: number) {
  return db.selectFrom('communities').select(['id', 'name', 'archived_at']).where('id', '=', id).executeTakeFirst();
}

export async function renameCommunity(trx: Trx, id: number, name: string): Promise<void> {
  await trx.updateTable('communities').set({ name }).where('id', '=', id).execute();
}

/**
 * What still lives in a community: residents not archived, enabled accounts with a role there, services.
 * Read inside the archiving transaction (on PostgreSQL a concurrent registration can still slip in; the
 * community then stays archived with one resident, who is still served through their own record).
 */
export async function communityBlockers(trx: Trx, id: number) {
  const count = (n: { n: number | string | bigint } | undefined) => Number(n?.n ?? 0);
  const residents = await trx
    .selectFrom('residents')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('community_id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  const accounts = await trx
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select((eb) => eb.fn.count('users.id').distinct().as('n'))
    .where('user_roles.community_id', '=', id)
    .where('users.disabled', '=', 0)
    .executeTakeFirst();
  const services = await trx
    .selectFrom('services')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('community_id', '=', id)
    .executeTakeFirst();
  return { residents: count(residents), accounts: count(accounts), services: count(services) };
}

export async function archiveCommunity(trx: Trx, id: number, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('communities')
    .set({ archived_at: at })
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Restores an archived community; false when it was not archived. */
export async function unarchiveCommunity(trx: Trx, id: number): Promise<boolean> {
  const result = await trx
    .updateTable('communities')
    .set({ archived_at: null })
    .where('id', '=', id)
    .where('archived_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function listArchivedCommunities(db: Db) {
  return db
    .selectFrom('communities')
    .select(['id', 'name', 'archived_at'])
    .where('archived_at', 'is not', null)
    .orderBy('id')
    .execute();
}

export async function insertCommunity(trx: Trx, name: string, at: string): Promise<number> {
  const row = await trx
    .insertInto('communities')
    .values({ name, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A community's venues in use (the pickers), or with the archived ones too (the venue list to manage). */
export function listVenues(db: Db, communityId: number, withArchived = false) {
  let q = db
    .selectFrom('venues')
    .select(['id', 'name', 'address', 'archived_at'])
    .where('community_id', '=', communityId)
    .orderBy('id');
  if (!withArchived) q = q.where('archived_at', 'is', null);
  return q.execute();
}

export function findVenue(db: Db | Trx, id: number) {
  return db
    .selectFrom('venues')
    .select(['id', 'community_id', 'name', 'address', 'archived_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function updateVenue(trx: Trx, id: number, change: { name?: string; address?: string | null }) {
  await trx.updateTable('venues').set(change).where('id', '=', id).execute();
}

export async function archiveVenue(trx: Trx, id: number, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('venues')
    .set({ archived_at: at })
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Restores an archived venue; false when it was not archived. */
export async function unarchiveVenue(trx: Trx, id: number): Promise<boolean> {
  const result = await trx
    .updateTable('venues')
    .set({ archived_at: null })
    .where('id', '=', id)
    .where('archived_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
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
