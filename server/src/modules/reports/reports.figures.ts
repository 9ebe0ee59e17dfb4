import type { ReportPeriod, TPeriodFigures } from '@zhongli/domain';
import type { Db, Trx } from '../../platform/deps.js';
import { periodFigures } from '../stats/index.js';

/** The figures of a period, counted now, from the stats module (the dashboard counts the same). */
export function countFigures(db: Db | Trx, p: ReportPeriod, communityId: number | null): Promise<TPeriodFigures> {
  return periodFigures({ db, from: p.from, to: p.to, ...(communityId === null ? {} : { communityId }) });
}
