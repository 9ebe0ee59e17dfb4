import { z } from 'zod';

/** The first-run checklist's steps, in the order a new center works through them. */
export const SETUP_STEPS = ['center', 'communities', 'accounts', 'pointsRules', 'shop', 'services', 'menu'] as const;
export type TSetupStep = (typeof SETUP_STEPS)[number];

/**
 * One step of 开通向导: done or not, read from real data; `missing` names the communities still lacking it
 * (社区与场地: a venue, 账号: a staff account, 积分规则: rules).
 */
export const ZSetupStepStatus = z.object({
  step: z.enum(SETUP_STEPS),
  done: z.boolean(),
  missing: z.array(z.string()),
});
export type TSetupStepStatus = z.infer<typeof ZSetupStepStatus>;

export const ZSetupStatus = z.object({ steps: z.array(ZSetupStepStatus), complete: z.boolean() });
export type TSetupStatus = z.infer<typeof ZSetupStatus>;
