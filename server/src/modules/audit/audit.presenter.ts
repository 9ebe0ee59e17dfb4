import type { TAuditEntry, TAuditPage } from '@zhongli/domain';
import type { listAuditEntries } from './audit.repository.js';

type AuditRow = Awaited<ReturnType<typeof listAuditEntries>>['rows'][number];

export function presentAuditEntry(row: AuditRow): TAuditEntry {
  return {
    id: row.id,
    actorId: row.actor_user_id,
    actorName: row.actor_name,
    residentId: row.on_behalf_resident_id,
    residentName: row.resident_name,
    communityId: row.community_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    summary: row.summary,
    at: row.created_at,
  };
}

export function presentAuditPage(list: { rows: AuditRow[]; hasMore: boolean }, page: number): TAuditPage {
  const last = list.rows.at(-1);
  return {
    entries: list.rows.map(presentAuditEntry),
    page,
    hasMore: list.hasMore,
    next: list.hasMore && last ? last.id : null,
  };
}
