import {
  AppError,
  countyDateOf,
  isPeriodClosed,
  keyFigures,
  reportPeriod,
  reportTitle,
  type ReportKind,
  type ReportPeriod,
  type TPeriodFigures,
} from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import { findCommunityIncludingArchived } from '../communities/index.js';
import { countFigures } from './reports.figures.js';
import { canSeeReport } from './reports.policy.js';
import * as repo from './reports.repository.js';

export interface ReportRequest {
  kind: ReportKind;
  period: string;
  communityId: number | null;
}

/** What every report use case is given: who asks, and for which report. */
export interface ReportUseCase {
  deps: AppDeps;
  actor: Actor;
  request: ReportRequest;
}

/** A report as the outputs need it: the same figures for the page, the print view, the workbook and the article. */
export interface ReportView {
  period: ReportPeriod;
  communityId: number | null;
  figures: TPeriodFigures;
  state: 'live' | 'frozen';
  generatedAt: string | null;
  generatedBy: string | null;
}

async function periodFor(deps: AppDeps, actor: Actor, request: ReportRequest): Promise<ReportPeriod> {
  const period = reportPeriod(request.kind, request.period);
  if (!period) throw new AppError('VALIDATION_FAILED', { details: [{ field: 'period', message: '没有这个月份或周' }] });
  if (period.from > countyDateOf(deps.clock.now()))
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'period', message: '这个时期还没有开始' }] });
  if (!canSeeReport(actor, request.communityId)) throw new AppError('FORBIDDEN');
  if (request.communityId !== null && !(await findCommunityIncludingArchived(deps.db, request.communityId)))
    throw new AppError('NOT_FOUND');
  return period;
}

const keyOf = (p: ReportPeriod, communityId: number | null): repo.SnapshotKey => ({
  kind: p.kind,
  periodStart: p.from,
  communityId,
});

const frozen = (p: ReportPeriod, communityId: number | null, row: repo.SnapshotRow): ReportView => ({
  period: p,
  communityId,
  figures: JSON.parse(row.figures) as TPeriodFigures,
  state: 'frozen',
  generatedAt: new Date(row.generated_at).toISOString(),
  generatedBy: row.generated_by_name,
});

/**
 * The report of a period. A closed period is frozen: the first look stores its figures (one row per
 * key whatever the number of first looks at once — the insert does nothing on a conflict and everyone
 * reads the row that won), every later look reads them back, whatever changed in the data since. A
 * period still running is counted live (统计中) and never stored.
 */
export async function readReport({ deps, actor, request }: ReportUseCase): Promise<ReportView> {
  const p = await periodFor(deps, actor, request);
  const { communityId } = request;
  if (!isPeriodClosed(p, deps.clock.now())) {
    const figures = await countFigures(deps.db, p, communityId);
    return { period: p, communityId, figures, state: 'live', generatedAt: null, generatedBy: null };
  }
  const key = keyOf(p, communityId);
  const stored = await repo.findSnapshot(deps.db, key);
  if (stored) return frozen(p, communityId, stored);
  const figures = await countFigures(deps.db, p, communityId);
  await repo.insertSnapshotIfAbsent(deps.db, key, {
    figures: JSON.stringify(figures),
    generatedAt: deps.clock.now().toISOString(),
    generatedBy: actor.userId,
  });
  return frozen(p, communityId, (await repo.findSnapshot(deps.db, key))!);
}

/**
 * 重新生成: counts a closed period again and replaces its snapshot, on request only, audited with the
 * key figures before and after. Only a closed period has a snapshot to replace.
 */
export async function regenerateReport({ deps, actor, request }: ReportUseCase): Promise<ReportView> {
  const p = await periodFor(deps, actor, request);
  const { communityId } = request;
  if (!isPeriodClosed(p, deps.clock.now())) throw new AppError('REPORT_PERIOD_OPEN');
  const key = keyOf(p, communityId);
  await deps.db.transaction().execute(async (trx) => {
    // the lock first, then the count: of two regenerations at once the later counts after the earlier
    // committed, so what is stored and what the audit says went from → to are the same figures
    const old = await repo.lockSnapshot(trx, key, deps.dialect === 'postgres');
    const figures = await countFigures(trx, p, communityId);
    const row = {
      figures: JSON.stringify(figures),
      generatedAt: deps.clock.now().toISOString(),
      generatedBy: actor.userId,
    };
    if (old) await repo.updateSnapshot(trx, old.id, row);
    else await repo.insertSnapshotIfAbsent(trx, key, row);
    const before = old ? keyFigures(JSON.parse(old.figures) as TPeriodFigures) : null;
    const after = keyFigures(figures);
    const changes = Object.entries(after)
      .map(([name, value]) => `${name} ${before ? before[name] : '—'}→${value}`)
      .join('，');
    await recordAudit(trx, deps, actor, {
      action: 'report.regenerated',
      targetType: 'report',
      targetId: `${p.kind}:${p.period}:${communityId ?? 'county'}`,
      communityId,
      summary: `重新生成${reportTitle(p.kind, p.period, figures.period.scopeName)}：${changes}`,
    });
  });
  return frozen(p, communityId, (await repo.findSnapshot(deps.db, key))!);
}
