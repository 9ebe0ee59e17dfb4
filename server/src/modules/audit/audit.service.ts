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

export interface ExportRecord {
  /** what was exported, in Chinese: `居民名单`, `积分流水` */
  what: string;
  /** the filters as the staff member chose them, in Chinese: `{ 社区: '太风东街社区', 时段: '2026-11' }` */
  filters: Record<string, string | number | null | undefined>;
  targetType: string;
  targetId?: number | string | null;
  communityId?: number | null;
}

/**
 * Passes an export's rows through and, once the last one is read, records who exported what with which filters
 * and how many rows (`data.exported`). The row count is known only at the end, so the entry is written then —
 * before the file's last bytes go out — and also when the download is cut short, marked as such.
 */
export async function* auditedExport<Row>(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  record: ExportRecord,
  rows: AsyncIterable<Row>,
): AsyncGenerator<Row> {
  let count = 0;
  let complete = false;
  try {
    for await (const row of rows) {
      count++;
      yield row;
    }
    complete = true;
  } finally {
    const filters = Object.entries(record.filters)
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([name, value]) => `${name}=${value}`)
      .join('，');
    await deps.db.transaction().execute((trx) =>
      recordAudit(trx, deps, actor, {
        action: 'data.exported',
        targetType: record.targetType,
        targetId: record.targetId ?? null,
        communityId: record.communityId ?? null,
        summary: `导出${record.what}（${filters || '全部'}）：${count} 行${complete ? '' : '，下载中断'}`,
      }),
    );
  }
}
