import {
  AppError,
  CALL_ENTRY_STATUS_LABELS,
  outcomesReplaceableBy,
  type TCallEntry,
  type TCallListDetail,
  type TCallListOpened,
  type TCallLists,
  type TCallOutcome,
} from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import type { AppDeps, Trx } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import type { CallListEntriesTable, CallListsTable } from '../../db/schema.js';
import { callScopeOf, canCallResidentOf } from './calls.policy.js';
import { presentCallEntry, presentCallListSummary } from './calls.presenter.js';
import * as repo from './calls.repository.js';

/** How far back the call screen looks: a list older than this concerns something long over. */
const LIST_WINDOW_DAYS = 30;

export interface CallListRequest {
  kind: CallListsTable['kind'];
  subject: { type: CallListsTable['subject_type']; id: number };
  communityId: number;
  title: string;
  message: string;
  people: { residentId: number; role: CallListEntriesTable['role'] }[];
}

/**
 * Makes the call list for a cancel or change, inside the caller's transaction, so the list exists
 * exactly when the change does. Archived residents (moved away, deceased) are left out; a change
 * that reaches nobody makes no list (null). Every entry needs a call at this instant: nobody can
 * have opened the app after it.
 */
export async function openCallList(
  trx: Trx,
  deps: Pick<AppDeps, 'clock'>,
  actor: Actor,
  request: CallListRequest,
): Promise<TCallListOpened | null> {
  const roleOf = new Map<number, CallListEntriesTable['role']>();
  // A registration beats a waitlist place if both were somehow there.
  for (const p of request.people) if (roleOf.get(p.residentId) !== 'registered') roleOf.set(p.residentId, p.role);
  const active = await repo.activeResidentIds(trx, [...roleOf.keys()]);
  if (!active.length) return null;
  const id = await repo.insertList(trx, {
    community_id: request.communityId,
    kind: request.kind,
    subject_type: request.subject.type,
    subject_id: request.subject.id,
    title: request.title,
    message: request.message,
    created_by: actor.userId,
    created_at: deps.clock.now().toISOString(),
  });
  await repo.insertEntries(
    trx,
    id,
    active.map((residentId) => ({ residentId, role: roleOf.get(residentId)! })),
  );
  return { id, needsCall: active.length };
}

export async function listCallLists({ deps, actor }: { deps: AppDeps; actor: Actor }): Promise<TCallLists> {
  const scope = callScopeOf(actor);
  const since = new Date(deps.clock.now().getTime() - LIST_WINDOW_DAYS * 24 * 60 * 60 * 1000).toISOString();
  const lists = await repo.listsSince(deps.db, scope, since);
  const entriesByList = new Map<number, TCallEntry[]>();
  for (const row of await repo.entriesOf(
    deps.db,
    lists.map((l) => l.id),
    scope,
  )) {
    const entries = entriesByList.get(row.list_id) ?? [];
    entries.push(presentCallEntry(row));
    entriesByList.set(row.list_id, entries);
  }
  const summaries = lists.map((list) => presentCallListSummary(list, entriesByList.get(list.id) ?? []));
  // Open lists first, newest first within each group (the query's order is kept by the stable sort).
  summaries.sort((a, b) => Number(a.done) - Number(b.done));
  return { lists: summaries };
}

export async function readCallList({
  deps,
  actor,
  listId,
}: {
  deps: AppDeps;
  actor: Actor;
  listId: number;
}): Promise<TCallListDetail> {
  const list = await repo.findList(deps.db, listId);
  if (!list) throw new AppError('NOT_FOUND');
  const entries = (await repo.entriesOf(deps.db, [listId], callScopeOf(actor))).map(presentCallEntry);
  // A desk that has nobody on this list has nothing to do with it.
  if (!entries.length) throw new AppError('FORBIDDEN');
  return { ...presentCallListSummary(list, entries), entries: sortForCalling(entries) };
}

/** Who to call first: still to call, then 联系不上 (try again), then the settled ones. */
function sortForCalling(entries: TCallEntry[]): TCallEntry[] {
  const rank = (e: TCallEntry) => (e.status === 'pending' ? 0 : e.status === 'unreachable' ? 1 : 2);
  return [...entries].sort((a, b) => rank(a) - rank(b));
}

/**
 * 已通知 / 联系不上. One conditional UPDATE decides: the first tick wins; a second (two desks calling
 * the same daughter) gets 409 CALL_ALREADY_RECORDED naming who ticked first and what they recorded.
 */
export async function recordCallOutcome({
  deps,
  actor,
  listId,
  entryId,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  listId: number;
  entryId: number;
  data: TCallOutcome;
}): Promise<TCallEntry> {
  const entry = await repo.findEntry(deps.db, listId, entryId);
  if (!entry) throw new AppError('NOT_FOUND');
  if (!canCallResidentOf(actor, entry.community_id)) throw new AppError('FORBIDDEN');
  const list = (await repo.findList(deps.db, listId))!;
  return deps.db.transaction().execute(async (trx) => {
    const at = deps.clock.now().toISOString();
    const note = data.note || null;
    const recorded = await repo.recordOutcome(trx, entryId, outcomesReplaceableBy(data.outcome), {
      outcome: data.outcome,
      note,
      by: actor.userId,
      at,
    });
    if (!recorded) {
      const first = (await repo.findEntry(trx, listId, entryId))!;
      throw new AppError('CALL_ALREADY_RECORDED', {
        message: `${first.outcome_by_name ?? '其他工作人员'}已标记为「${CALL_ENTRY_STATUS_LABELS[first.outcome!]}」`,
        extra: { byName: first.outcome_by_name, outcome: first.outcome, at: first.outcome_at },
      });
    }
    await recordAudit(trx, deps, actor, {
      action: 'call.outcome',
      targetType: 'call_list_entry',
      targetId: entryId,
      communityId: entry.community_id,
      onBehalfResidentId: entry.resident_id,
      summary: `电话通知「${list.title}」：${entry.name} ${CALL_ENTRY_STATUS_LABELS[data.outcome]}${note ? `（${note}）` : ''}`,
    });
    return presentCallEntry((await repo.findEntry(trx, listId, entryId))!);
  });
}
