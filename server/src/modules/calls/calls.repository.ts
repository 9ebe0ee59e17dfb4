import type { CallOutcome } from '@zhongli/domain';
import type { CallListsTable, CallListEntriesTable } from '../../db/schema.js';
import type { Db, Trx } from '../../platform/deps.js';

/** Of these residents, the ones not archived: someone who moved away or died is not phoned. */
export async function activeResidentIds(trx: Trx, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await trx
    .selectFrom('residents')
    .select('id')
    .where('id', 'in', ids)
    .where('archived_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => Number(r.id));
}

export type NewCallList = Pick<
  CallListsTable,
  'community_id' | 'kind' | 'subject_type' | 'subject_id' | 'title' | 'message' | 'created_by' | 'created_at'
>;

export async function insertList(trx: Trx, list: NewCallList): Promise<number> {
  const row = await trx.insertInto('call_lists').values(list).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function insertEntries(
  trx: Trx,
  listId: number,
  entries: { residentId: number; role: CallListEntriesTable['role'] }[],
): Promise<void> {
  if (!entries.length) return;
  await trx
    .insertInto('call_list_entries')
    .values(entries.map((e) => ({ list_id: listId, resident_id: e.residentId, role: e.role })))
    .execute();
}

/** `'all'` for the center; otherwise only entries of residents of these communities. */
export type EntryScope = number[] | 'all';

function entriesWithPeople(db: Db | Trx, scope: EntryScope) {
  let query = db
    .selectFrom('call_list_entries')
    .innerJoin('call_lists', 'call_lists.id', 'call_list_entries.list_id')
    .innerJoin('residents', 'residents.id', 'call_list_entries.resident_id')
    .innerJoin('communities', 'communities.id', 'residents.community_id')
    .leftJoin('users', 'users.id', 'residents.user_id')
    .leftJoin('users as ticker', 'ticker.id', 'call_list_entries.outcome_by')
    .select([
      'call_list_entries.id',
      'call_list_entries.list_id',
      'call_list_entries.resident_id',
      'call_list_entries.role',
      'call_list_entries.outcome',
      'call_list_entries.outcome_note',
      'call_list_entries.outcome_at',
      'ticker.name as outcome_by_name',
      'residents.name',
      'residents.contact_phone',
      'residents.contact_note',
      'communities.name as community_name',
      'residents.user_id',
      'users.phone as login_phone',
      'users.last_seen_at',
      'call_lists.created_at as list_created_at',
    ]);
  if (scope !== 'all') query = query.where('residents.community_id', 'in', scope.length ? scope : [-1]);
  return query;
}
export type CallEntryRow = Awaited<ReturnType<ReturnType<typeof entriesWithPeople>['execute']>>[number];

const LIST_COLUMNS = [
  'call_lists.id',
  'call_lists.community_id',
  'call_lists.kind',
  'call_lists.title',
  'call_lists.message',
  'call_lists.created_at',
  'creator.name as created_by_name',
] as const;

/** Lists made since `since` that hold at least one entry the reader may see, newest first. */
export function listsSince(db: Db, scope: EntryScope, since: string) {
  let query = db
    .selectFrom('call_lists')
    .leftJoin('users as creator', 'creator.id', 'call_lists.created_by')
    .select(LIST_COLUMNS)
    .where('call_lists.created_at', '>=', since);
  if (scope !== 'all') {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('call_list_entries')
          .innerJoin('residents', 'residents.id', 'call_list_entries.resident_id')
          .select('call_list_entries.id')
          .whereRef('call_list_entries.list_id', '=', 'call_lists.id')
          .where('residents.community_id', 'in', scope.length ? scope : [-1]),
      ),
    );
  }
  return query.orderBy('call_lists.created_at', 'desc').orderBy('call_lists.id', 'desc').limit(200).execute();
}
export type CallListRow = Awaited<ReturnType<typeof listsSince>>[number];

export function findList(db: Db | Trx, id: number) {
  return db
    .selectFrom('call_lists')
    .leftJoin('users as creator', 'creator.id', 'call_lists.created_by')
    .select(LIST_COLUMNS)
    .where('call_lists.id', '=', id)
    .executeTakeFirst();
}

export function entriesOf(db: Db | Trx, listIds: number[], scope: EntryScope) {
  if (!listIds.length) return Promise.resolve([]);
  return entriesWithPeople(db, scope)
    .where('call_list_entries.list_id', 'in', listIds)
    .orderBy('call_list_entries.id')
    .execute();
}

export function findEntry(db: Db | Trx, listId: number, entryId: number) {
  return entriesWithPeople(db, 'all')
    .select('residents.community_id')
    .where('call_list_entries.list_id', '=', listId)
    .where('call_list_entries.id', '=', entryId)
    .executeTakeFirst();
}

/**
 * Writes an outcome only over one of `from` (null: nobody ticked yet): the first tick wins, a
 * concurrent second one updates nothing and is told who was first.
 */
export async function recordOutcome(
  trx: Trx,
  entryId: number,
  from: CallOutcome[],
  o: { outcome: CallOutcome; note: string | null; by: number; at: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('call_list_entries')
    .set({ outcome: o.outcome, outcome_note: o.note, outcome_by: o.by, outcome_at: o.at })
    .where('id', '=', entryId)
    .where((eb) =>
      from.length ? eb.or([eb('outcome', 'is', null), eb('outcome', 'in', from)]) : eb('outcome', 'is', null),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
