import type { Actor } from '../../platform/actor.js';
import type { AppDeps, Trx } from '../../platform/deps.js';
import type { AuditAction, TAuditQuery } from '@zhongli/domain';
import * as repo from './audit.repository.js';

export interface AuditRecord {
  /** one of the registry (`domain/src/audit/actions.ts`), each with its Chinese label in the console */
  action: AuditAction;
  targetType: string;
  targetId?: number | string | null;
  communityId?: number | null;
  /** The resident this was done for (代办), when there is one. */
  onBehalfResidentId?: number | null;
  summary: string;
}

/**
 * Appends one audit entry inside the caller's transaction, so the entry exists exactly when the
 * change it describes does.
 */
export async function recordAudit(
  trx: Trx,
  deps: Pick<AppDeps, 'clock'>,
  actor: Actor | null,
  record: AuditRecord,
): Promise<void> {
  await repo.insertAuditEntry(trx, {
    actor_user_id: actor?.userId ?? null,
    actor_name: actor?.name ?? '系统',
    on_behalf_resident_id: record.onBehalfResidentId ?? null,
    community_id: record.communityId ?? null,
    action: record.action,
    target_type: record.targetType,
    target_id: record.targetId == null ? null : String(record.targetId),
    summary: record.summary,
    created_at: deps.clock.now().toISOString(),
  });
}

export function listAudit({ deps, query }: { deps: AppDeps; query: TAuditQuery }) {
  return repo.listAuditEntries(deps.db, query);
}
