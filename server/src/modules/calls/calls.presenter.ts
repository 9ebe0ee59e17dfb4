import { callEntryStatus, isCallSettled, type TCallEntry, type TCallListSummary } from '@zhongli/domain';
import type { CallEntryRow, CallListRow } from './calls.repository.js';

/** Full numbers: only the resident's own desk and the center reach this presenter (calls.policy). */
export function presentCallEntry(row: CallEntryRow): TCallEntry {
  const hasLogin = row.user_id != null;
  const phone = row.login_phone ?? row.contact_phone;
  return {
    id: row.id,
    residentId: row.resident_id,
    name: row.name,
    communityName: row.community_name,
    role: row.role,
    phone,
    contactPhone: row.contact_phone && row.contact_phone !== phone ? row.contact_phone : null,
    contactNote: row.contact_phone ? row.contact_note : null,
    hasLogin,
    lastSeenAt: row.last_seen_at,
    status: callEntryStatus({
      outcome: row.outcome,
      hasLogin,
      lastSeenAt: row.last_seen_at,
      listCreatedAt: row.list_created_at,
    }),
    outcomeNote: row.outcome_note,
    outcomeByName: row.outcome_by_name,
    outcomeAt: row.outcome_at,
  };
}

export function presentCallListSummary(list: CallListRow, entries: TCallEntry[]): TCallListSummary {
  const count = (test: (e: TCallEntry) => boolean) => entries.filter(test).length;
  const settled = count((e) => isCallSettled(e.status));
  return {
    id: list.id,
    kind: list.kind,
    title: list.title,
    message: list.message,
    createdAt: list.created_at,
    createdByName: list.created_by_name,
    total: entries.length,
    pending: count((e) => e.status === 'pending'),
    unreachable: count((e) => e.status === 'unreachable'),
    settled,
    done: settled === entries.length,
  };
}
