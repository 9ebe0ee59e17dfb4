import { z } from 'zod';
import { ZPeriodFigures } from './stats.contract.js';

const zInt = z.number().int();

/**
 * What the console home and the 数据大屏 show for a period and a scope: the period's figures (the
 * same a report keeps) and the live widgets around them. Counts only; the web links each figure to
 * the console list behind it (`web/src/modules/stats/figureLinks.ts`).
 */
export const ZDashboard = z.object({
  figures: ZPeriodFigures,
  /** activities held and check-ins per community per menu week ('2026-W49') */
  weeks: z.array(z.object({ week: z.string(), communityId: zInt, activities: zInt, participants: zInt })),
  vouchers: z.object({ honoured: zInt }),
  /** the shelves now (not the period): active items, units, items at or under their low-stock mark */
  shop: z.object({ items: zInt, stock: zInt, lowStock: zInt }),
  /** sessions in the period of services that need volunteers: with a full rota, or a gap */
  rota: z.object({ sessions: zInt, full: zInt, gaps: zInt }),
  /** merchants by stars for the period's last month; 0 = not rated yet */
  merchantStars: z.array(z.object({ stars: zInt, merchants: zInt })),
  /** requests not resolved now; overdue after three county working days */
  merchantRequests: z.object({ open: zInt, overdue: zInt }),
  generatedAt: z.string(),
});
export type TDashboard = z.infer<typeof ZDashboard>;
