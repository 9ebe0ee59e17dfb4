import { z } from 'zod';
import { maskName } from '../residents/masking.js';

// The figures of one period, for the county or one community. The dashboard shows them live; a
// monthly or weekly report (the reports module) keeps a snapshot of exactly this shape, so a
// closed month reads the same whenever someone looks.

const zInt = z.number().int();
const zDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Age on the period's last day; `unknown` for residents registered without a birth date. */
export const AGE_BANDS = ['under60', '60-69', '70-79', '80+', 'unknown'] as const;
export const ZAgeBand = z.enum(AGE_BANDS);
export type TAgeBand = z.infer<typeof ZAgeBand>;

export const ZPeriodQuery = z.object({
  from: zDate,
  /** inclusive */
  to: zDate,
  communityId: z.coerce.number().int().positive().optional(),
});
export type TPeriodQuery = z.infer<typeof ZPeriodQuery>;

export const ZPeriodFigures = z.object({
  period: z.object({
    from: zDate,
    to: zDate,
    communityId: zInt.nullable(),
    /** the community's name, or the center's for the county */
    scopeName: z.string(),
  }),
  activities: z.object({
    /** published activities whose start lies in the period and that were not cancelled */
    held: zInt,
    cancelled: zInt,
    byCategory: z.array(z.object({ category: z.string(), held: zInt, participants: zInt })),
  }),
  participation: z.object({
    /** check-ins at activities in the period */
    checkins: zInt,
    /** distinct residents who checked in at an activity or were served at a service session */
    distinctResidents: zInt,
    byAgeBand: z.array(z.object({ band: ZAgeBand, residents: zInt })),
  }),
  needs: z.object({ raised: zInt, answered: zInt }),
  volunteerHours: z.object({
    /** hours, one decimal */
    hours: z.number(),
    volunteers: zInt,
  }),
  points: z.object({ issued: zInt, redeemed: zInt }),
  donations: z.object({
    donations: zInt,
    /**
     * donors thanked in the period, most donations first. `merchant`: a business, named in full
     * everywhere; otherwise a private person, whose name only staff screens show whole (anything
     * that may be shown or published — the article, the 大屏, the summary — uses `publicDonorName`).
     */
    donors: z.array(z.object({ name: z.string(), donations: zInt, merchant: z.boolean() })),
  }),
  services: z.array(z.object({ serviceName: z.string(), sessions: zInt, served: zInt, noShow: zInt, serviceId: zInt })),
  merchants: z.object({ participating: zInt, contributions: zInt }),
  /** the county report compares communities; a community's report has its own line only */
  byCommunity: z.array(
    z.object({
      communityId: zInt,
      name: z.string(),
      activitiesHeld: zInt,
      checkins: zInt,
      distinctResidents: zInt,
      volunteerHours: z.number(),
      pointsIssued: zInt,
    }),
  ),
});
export type TPeriodFigures = z.infer<typeof ZPeriodFigures>;

/** A donor as a public page names them: a business in full, a private person masked like any resident. */
export function publicDonorName(donor: { name: string; merchant: boolean }): string {
  return donor.merchant ? donor.name : maskName(donor.name);
}
