import type { NewAuditEntry } from '../../db/schema.js';
import type { Db, Trx } from '../../platform/deps.js';
import type { TAuditQuery } from '@zhongli/domain';

export async function insertAuditEntry(trx: Trx, entry: NewAuditEntry): Promise<void> {
  await trx.insertInto('audit_log').values(entry).execute();
}

export async function listAuditEntries(db: Db, query: TAuditQuery) {
  let q = db
    .selectFrom('audit_log')
    .leftJoin('residents', 'residents.id', 'audit_log.on_behalf_resident_id')
    .select([
      'audit_log.id',
      'audit_log.actor_user_id',
      'audit_log.actor_name',
      'audit_log.on_behalf_resident_id',
      'residents.name as resident_name',
      'audit_log.community_id',
      'audit_log.action',
      'audit_log.target_type',
      'audit_log.target_id',
      'audit_log.summary',
      'audit_log.created_at',
    ]);
  if (query.actorId) q = q.where('audit_log.actor_user_id', '=', query.actorId);
  if (query.residentId) q = q.where('audit_log.on_behalf_resident_id', '=', query.residentId);
  if (query.action) q = q.where('audit_log.action', '=', query.action);
  if (query.from) q = q.where('audit_log.created_at', '>=', new Date(query.from).toISOString());
  if (query.to) q = q.where('audit_log.created_at', '<', new Date(query.to).toISOString());
  // A cursor (`before`) reads the page from the primary key; `page` alone is the older OFFSET form,
  // kept for callers that still send it, which reads and drops every entry above the page (page
  // 2,000 of the county log read 40,000 entries to show 20).
  if (query.before) q = q.where('audit_log.id', '<', query.before);
  const rows = await q
    .orderBy('audit_log.id', 'desc')
    .limit(query.pageSize + 1)
    .offset(query.before ? 0 : (query.page - 1) * query.pageSize)
    .execute();
  return { rows: rows.slice(0, query.pageSize), hasMore: rows.length > query.pageSize };
}
