import { z } from 'zod';

/** What the needs routes answer (the server encodes through these; the web reads these types). */
const zInt = z.number().int();

/** A need as everyone sees it: what was asked and how many support it, never who. */
export const ZNeed = z.object({
  id: zInt,
  communityId: zInt,
  category: z.string(),
  text: z.string(),
  supports: zInt,
  /** 由工作人员代发: staff posted it for a resident at the desk (never who). */
  postedByStaff: z.boolean(),
  createdAt: z.string(),
  /** Published activities planned to answer it. */
  answeredBy: z.array(z.object({ activityId: zInt, title: z.string(), startsAt: z.string() })),
});
export type TNeed = z.infer<typeof ZNeed>;

/** The planning view: counts by category over the staff member's communities, and the needs. */
export const ZNeedsPlan = z.object({
  byCategory: z.array(z.object({ category: z.string(), needs: zInt, supports: zInt })),
  needs: z.array(ZNeed),
});
export type TNeedsPlan = z.infer<typeof ZNeedsPlan>;

export const ZNeedCreated = z.object({ id: zInt });
export type TNeedCreated = z.infer<typeof ZNeedCreated>;

export const ZNeedSupported = z.object({ needId: zInt, supports: zInt });
export type TNeedSupported = z.infer<typeof ZNeedSupported>;
