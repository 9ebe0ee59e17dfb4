import { z } from 'zod';
import { zId, zOptionalText } from '../shared/schemas.js';
import { CALL_OUTCOMES } from './calls.rules.js';

export const ZCallListParams = z.object({ id: zId });
export const ZCallEntryParams = z.object({ id: zId, entryId: zId });

/** 已通知 / 联系不上, with what was said or tried (a daughter will pass it on, no answer twice). */
export const ZCallOutcome = z
  .object({
    outcome: z.enum(CALL_OUTCOMES, { error: 'outcome 应为 told（已通知）或 unreachable（联系不上）' }),
    note: zOptionalText('备注', 200),
  })
  .strict();
export type TCallOutcome = z.infer<typeof ZCallOutcome>;
