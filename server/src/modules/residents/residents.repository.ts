import { sql } from 'kysely';
import { nameGrams, searchGrams } from '@zhongli/domain';
import type { Db, Trx } from '../../platform/deps.js';
import { keysetRows } from '../../platform/keyset.js';

/** What other modules read of a resident: who, where and since when — no login details. */
const RECORD_COLUMNS = [
  'residents.id',
  'residents.community_id',
  'communities.name as community_name',
  'residents.user_id',
  'residents.name',
  'residents.member_code',
  'residents.birth_date',
  'residents.gender',
  'residents.id_number_masked',
  'residents.created_at',
  'residents.archived_at',
] as const;

/** The residents module's own pages also show the phone (masked) and whether the resident can sign in. */
const DETAIL_COLUMNS = [
  ...RECORD_COLUMNS,
  'residents.archive_reason',
  'residents.archived_on',
  'residents.archive_note',
  'residents.contact_phone',
  'residents.contact_note',
  'users.phone',
  'users.password_hash',
] as const;

function withCommunity(db: Db | Trx) {
  return db.selectFrom('residents').innerJoin('communities', 'communities.id', 'residents.community_id');
}

function withJoins(db: Db | Trx) {
  return withCommunity(db).leftJoin('users', 'users.id', 'residents.user_id');
}

export function findResident(db: Db | Trx, id: number) {
  return withJoins(db).select(DETAIL_COLUMNS).where('residents.id', '=', id).executeTakeFirst();
}

export function findResidentByMemberCode(db: Db | Trx, memberCode: string) {
  return withJoins(db).select(DETAIL_COLUMNS).where('residents.member_code', '=', memberCode).executeTakeFirst();
}

export type ResidentDetailRow = NonNullable<Awaited<ReturnType<typeof findResident>>>;

export function findResidentRecord(db: Db | Trx, id: number) {
  return withCommunity(db).select(RECORD_COLUMNS).where('residents.id', '=', id).executeTakeFirst();
}

export function findResidentRecordByMemberCode(db: Db | Trx, memberCode: string) {
  return withCommunity(db).select(RECORD_COLUMNS).where('residents.member_code', '=', memberCode).executeTakeFirst();
}

export function findResidentRecordOfUser(db: Db | Trx, userId: number) {
  return withCommunity(db).select(RECORD_COLUMNS).where('residents.user_id', '=', userId).executeTakeFirst();
}

/** The resident whose login signs in with this phone. */
export function findResidentRecordByPhone(db: Db | Trx, phone: string) {
  return withCommunity(db)
    .innerJoin('users', 'users.id', 'residents.user_id')
    .select(RECORD_COLUMNS)
    .where('users.phone', '=', phone)
    .executeTakeFirst();
}

export type ResidentRecord = NonNullable<Awaited<ReturnType<typeof findResidentRecord>>>;

/** LIKE patterns treat % and _ as wildcards; a search box should not. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

export interface ResidentFilter {
  communityIds: number[] | 'all';
  communityId?: number;
  q?: string;
  archived?: '0' | '1';
}

/** The list's filters, shared by the page and the export: scope, community, archived or not, the search box. */
function filteredResidents(db: Db, filter: ResidentFilter) {
  let q = withJoins(db).where('residents.archived_at', filter.archived === '1' ? 'is not' : 'is', null);
  if (filter.communityIds !== 'all')
    q = q.where('residents.community_id', 'in', filter.communityIds.length ? filter.communityIds : [-1]);
  if (filter.communityId) q = q.where('residents.community_id', '=', filter.communityId);
  const text = filter.q?.trim();
  if (text) {
    const escaped = escapeLike(text);
    if (/^\d{4,}$/.test(text)) {
      // Digits: the last digits of a phone, or the start of a member code read off a card. Each half is
      // asked through its own index and the two id sets joined: an OR across the two tables (as this
      // was) can use neither index and read every resident of the county. The phone's half narrows by
      // the indexed last four digits, then keeps the longer suffix typed; the member code's half is a
      // range on its unique index (a LIKE is not turned into a range on every database and collation),
      // and keeps the LIKE so the meaning is exactly "begins with".
      const upper = nextDigitPrefix(text);
      q = q.where('residents.id', 'in', (eb) =>
        eb
          .selectFrom('users')
          .innerJoin('residents as by_phone', 'by_phone.user_id', 'users.id')
          .select('by_phone.id')
          .where('users.phone_last4', '=', text.slice(-4))
          .where('users.phone', 'like', `%${escaped}`)
          .union((eb2) => {
            let byCode = eb2
              .selectFrom('residents as by_code')
              .select('by_code.id')
              .where('by_code.member_code', '>=', text)
              .where('by_code.member_code', 'like', `${escaped}%`);
            if (upper) byCode = byCode.where('by_code.member_code', '<', upper);
            return byCode;
          }),
      );
    } else {
      // The residents having every gram of the text (an indexed id set: `resident_name_grams`), then
      // the LIKE, which alone decides: the grams only narrow the county down to candidates.
      const [first, ...rest] = searchGrams(text);
      if (first !== undefined)
        q = q.where('residents.id', 'in', (eb) => {
          const having = (gram: string) =>
            eb.selectFrom('resident_name_grams').select('resident_id').where('gram', '=', gram);
          return rest.reduce((ids, gram) => ids.intersect(having(gram)), having(first));
        });
      q = q.where(sqlLikeEscape('residents.name', `%${escaped}%`));
    }
  }
  return q;
}

export async function searchResidents(db: Db, filter: ResidentFilter & { page: number; pageSize: number }) {
  const rows = await filteredResidents(db, filter)
    .select(DETAIL_COLUMNS)
    .orderBy('residents.id', 'desc')
    .limit(filter.pageSize + 1)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return { rows: rows.slice(0, filter.pageSize), hasMore: rows.length > filter.pageSize };
}

/** The same list for the export, every row, in keyset pages. */
export function residentsForExport(db: Db, filter: ResidentFilter) {
  return keysetRows((afterId, limit) =>
    filteredResidents(db, filter)
      .select([...RECORD_COLUMNS, 'residents.contact_phone', 'users.phone'])
      .where('residents.id', '>', afterId)
      .orderBy('residents.id')
      .limit(limit)
      .execute(),
  );
}

/**
 * The smallest digit string above every string that begins with `digits` ('1234' → '1235', '1299' → '13'),
 * or null when there is none ('999'): with `>= digits` it bounds the member codes beginning with them.
 */
function nextDigitPrefix(digits: string): string | null {
  const keep = digits.replace(/9+$/, '');
  if (!keep) return null;
  return keep.slice(0, -1) + String(Number(keep.slice(-1)) + 1);
}

function sqlLikeEscape(column: 'residents.name', pattern: string) {
  return sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`;
}

export function memberCodeExists(db: Db | Trx, memberCode: string) {
  return db.selectFrom('residents').select('id').where('member_code', '=', memberCode).executeTakeFirst();
}

export function findByIdNumberDigest(db: Db | Trx, digest: string) {
  return db
    .selectFrom('residents')
    .select(['id', 'community_id'])
    .where('id_number_digest', '=', digest)
    .executeTakeFirst();
}

/** A resident's keyed ID-number digest (null when registered without one), to compare, never to show. */
export async function residentIdDigest(db: Db | Trx, id: number): Promise<string | null> {
  const row = await db.selectFrom('residents').select('id_number_digest').where('id', '=', id).executeTakeFirst();
  return row?.id_number_digest ?? null;
}

/** Which of these ID-number digests are registered already: digest → resident id (an import's check). */
export async function residentsByDigests(db: Db | Trx, digests: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (let start = 0; start < digests.length; start += 500) {
    const rows = await db
      .selectFrom('residents')
      .select(['id', 'id_number_digest'])
      .where('id_number_digest', 'in', digests.slice(start, start + 500))
      .execute();
    for (const row of rows) found.set(row.id_number_digest!, row.id);
  }
  return found;
}

export async function insertResident(
  trx: Trx,
  r: {
    communityId: number;
    userId: number | null;
    name: string;
    memberCode: string;
    birthDate: string;
    gender: 'male' | 'female' | null;
    idNumberMasked: string | null;
    idNumberDigest: string | null;
    /** the desk's number for calls; omitted by callers that register people with a login only */
    contactPhone?: string | null;
    contactNote?: string | null;
    createdBy: number | null;
    at: string;
  },
): Promise<number> {
  const row = await trx
    .insertInto('residents')
    .values({
      community_id: r.communityId,
      user_id: r.userId,
      name: r.name,
      member_code: r.memberCode,
      birth_date: r.birthDate,
      gender: r.gender,
      id_number_masked: r.idNumberMasked,
      id_number_digest: r.idNumberDigest,
      contact_phone: r.contactPhone ?? null,
      contact_note: r.contactNote ?? null,
      created_by: r.createdBy,
      created_at: r.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await indexName(trx, row.id, r.name);
  return row.id;
}

export async function linkUser(trx: Trx, residentId: number, userId: number): Promise<void> {
  await trx.updateTable('residents').set({ user_id: userId }).where('id', '=', residentId).execute();
}

/** Keeps the name search's grams (`resident_name_grams`) with a resident's name: call on every write of a name. */
async function indexName(trx: Trx, residentId: number, name: string): Promise<void> {
  await trx.deleteFrom('resident_name_grams').where('resident_id', '=', residentId).execute();
  const grams = nameGrams(name);
  if (grams.length)
    await trx
      .insertInto('resident_name_grams')
      .values(grams.map((gram) => ({ gram, resident_id: residentId })))
      .execute();
}

export async function updateResident(
  trx: Trx,
  id: number,
  change: {
    name?: string;
    communityId?: number;
    userId?: number;
    contactPhone?: string | null;
    contactNote?: string | null;
  },
): Promise<void> {
  await trx
    .updateTable('residents')
    .set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.contactPhone !== undefined ? { contact_phone: change.contactPhone } : {}),
      ...(change.contactNote !== undefined ? { contact_note: change.contactNote } : {}),
      ...(change.communityId !== undefined ? { community_id: change.communityId } : {}),
      ...(change.userId !== undefined ? { user_id: change.userId } : {}),
    })
    .where('id', '=', id)
    .execute();
  if (change.name !== undefined) await indexName(trx, id, change.name);
}

/**
 * An import's update, applied only while the resident is still as its plan saw them — active, in the same
 * community, same name and login; false (nothing written) when another desk changed them in between.
 */
export async function updateResidentAsPlanned(
  trx: Trx,
  planned: { id: number; communityId: number; name: string; userId: number | null },
  change: { name: string; communityId: number; userId?: number; contactPhone?: string; contactNote?: string | null },
): Promise<boolean> {
  const result = await trx
    .updateTable('residents')
    .set({
      name: change.name,
      community_id: change.communityId,
      ...(change.contactPhone !== undefined
        ? { contact_phone: change.contactPhone, contact_note: change.contactNote ?? null }
        : {}),
      ...(change.userId !== undefined ? { user_id: change.userId } : {}),
    })
    .where('id', '=', planned.id)
    .where('archived_at', 'is', null)
    .where('community_id', '=', planned.communityId)
    .where('name', '=', planned.name)
    .where('user_id', planned.userId === null ? 'is' : '=', planned.userId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await indexName(trx, planned.id, change.name);
  return true;
}

/** Archives an active resident; false when another request archived them first. */
export async function archiveResident(
  trx: Trx,
  id: number,
  a: { reason: 'moved' | 'deceased'; date: string; note: string | null; at: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('residents')
    .set({ archived_at: a.at, archive_reason: a.reason, archived_on: a.date, archive_note: a.note })
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function unarchiveResident(trx: Trx, id: number): Promise<boolean> {
  const result = await trx
    .updateTable('residents')
    .set({ archived_at: null, archive_reason: null, archived_on: null, archive_note: null })
    .where('id', '=', id)
    .where('archived_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// Imports (导入) -----------------------------------------------------------------------------------

export async function takenMemberCodes(db: Db | Trx, codes: string[]): Promise<string[]> {
  if (!codes.length) return [];
  const rows = await db.selectFrom('residents').select('member_code').where('member_code', 'in', codes).execute();
  return rows.map((r) => r.member_code);
}

export async function insertImport(
  trx: Trx,
  i: { createdBy: number; at: string; created: number; updated: number },
): Promise<number> {
  const row = await trx
    .insertInto('resident_imports')
    .values({ created_by: i.createdBy, created_at: i.at, created_count: i.created, updated_count: i.updated })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertImportRows(
  trx: Trx,
  importId: number,
  rows: { residentId: number; row: number; outcome: 'created' | 'updated' }[],
): Promise<void> {
  // in slices: SQLite allows at most 32,766 bound values in one statement
  for (let start = 0; start < rows.length; start += 500) {
    await trx
      .insertInto('resident_import_rows')
      .values(
        rows.slice(start, start + 500).map((r) => ({
          import_id: importId,
          resident_id: r.residentId,
          row_number: r.row,
          outcome: r.outcome,
        })),
      )
      .execute();
  }
}

/** Active residents for a card sheet: one import's (in row order) or those registered since a county date. */
export function residentsForCards(
  db: Db | Trx,
  q: { importId?: number; since?: string; communityIds: number[] | 'all'; limit: number },
) {
  let query = withCommunity(db)
    .select(['residents.id', 'residents.name', 'residents.member_code', 'communities.name as community_name'])
    .where('residents.archived_at', 'is', null);
  if (q.communityIds !== 'all') {
    if (!q.communityIds.length) return Promise.resolve([]);
    query = query.where('residents.community_id', 'in', q.communityIds);
  }
  if (q.importId !== undefined) {
    query = query
      .innerJoin('resident_import_rows', 'resident_import_rows.resident_id', 'residents.id')
      .where('resident_import_rows.import_id', '=', q.importId)
      .orderBy('resident_import_rows.row_number');
  } else {
    query = query.where('residents.created_at', '>=', q.since!).orderBy('residents.id');
  }
  return query.limit(q.limit).execute();
}
