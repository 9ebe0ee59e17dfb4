import { AppError, HOLIDAY_KIND_LABELS, type HolidayEntry, type THolidayCreate } from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import type { AppDeps, Db, Trx } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import { canEditCenter } from './communities.policy.js';
import * as repo from './holidays.repository.js';

/** The county's holiday calendar between two dates (inclusive): what session generation and the menu deadline read. */
export async function holidayCalendar(db: Db | Trx, from?: string, to?: string): Promise<HolidayEntry[]> {
  return (await repo.listHolidays(db, from, to)).map((h) => ({ date: h.date, kind: h.kind }));
}

export function listHolidaysOfYear(deps: AppDeps, year: number) {
  return repo.listHolidays(deps.db, `${year}-01-01`, `${year}-12-31`);
}

/** Adds (or corrects) dates of the calendar, one or a pasted year at once, in one transaction. */
export async function saveHolidays({
  deps,
  actor,
  entries,
}: {
  deps: AppDeps;
  actor: Actor;
  entries: THolidayCreate[];
}) {
  if (!canEditCenter(actor)) throw new AppError('FORBIDDEN');
  const at = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    for (const e of entries) await repo.upsertHoliday(trx, { ...e, created_at: at });
    await recordAudit(trx, deps, actor, {
      action: 'holiday.save',
      targetType: 'holiday',
      targetId: entries[0]!.date,
      summary:
        `节假日安排：${entries.map((e) => `${e.date} ${e.name}（${HOLIDAY_KIND_LABELS[e.kind]}）`).join('、')}`.slice(
          0,
          500,
        ),
    });
  });
  const dates = entries.map((e) => e.date).sort();
  return repo.listHolidays(deps.db, dates[0], dates[dates.length - 1]);
}

export async function removeHoliday({ deps, actor, date }: { deps: AppDeps; actor: Actor; date: string }) {
  if (!canEditCenter(actor)) throw new AppError('FORBIDDEN');
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.deleteHoliday(trx, date))) throw new AppError('NOT_FOUND');
    await recordAudit(trx, deps, actor, {
      action: 'holiday.remove',
      targetType: 'holiday',
      targetId: date,
      summary: `删除节假日安排 ${date}`,
    });
  });
}
