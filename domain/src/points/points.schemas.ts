import { z } from 'zod';
import {
  zCalendarDate,
  zId,
  zInstantIn,
  zLongText,
  zOptionalLongText,
  zOptionalText,
  zPattern,
  zQueryInt,
  zString,
  zText,
} from '../shared/schemas.js';
import { MAX_ADJUSTMENT, MAX_RULE_POINTS } from './points.rules.js';

const zPoints = z
  .number({ error: '积分应为数字' })
  .int({ error: '积分应为整数' })
  .min(1, { error: '积分至少为1' })
  .max(MAX_RULE_POINTS, { error: `每次积分不能超过${MAX_RULE_POINTS}` });

const zLimit = (label: string) =>
  z
    .number({ error: `${label}应为数字` })
    .int({ error: `${label}应为整数` })
    .min(1, { error: `${label}至少为1；不限次数请留空` })
    .max(1000, { error: `${label}不能超过1000` })
    .nullable()
    .optional();

const zRuleCaps = z
  .object({ perDay: zLimit('每天次数上限'), perWeek: zLimit('每周次数上限'), perMonth: zLimit('每月次数上限') })
  .strict()
  .optional();

/** What staff write about a rule: the same for a community's rule and the center's template. */
const ruleFields = {
  name: zText('规则名称', 40),
  category: zText('类别', 20),
  points: zPoints,
  description: zOptionalLongText('说明', 300),
  /** the rule's limits per resident (`caps` in the published API) */
  caps: zRuleCaps,
};

/**
 * One rule of a new version. A rule keeps its identity across versions by `ruleId` (an existing
 * rule of the community); without one it is a new rule and the server gives it a code. `code` is
 * the older clients' way to name a rule and is still honoured; nobody has to type one.
 */
export const ZPointsRuleInput = z
  .object({
    ruleId: zId.optional(),
    code: zString('规则编号', { trim: true })
      .regex(/^[A-Za-z0-9_-]{1,32}$/, { error: '规则编号由字母、数字、-、_ 组成，最多32位' })
      .optional(),
    ...ruleFields,
  })
  .strict();
export type TPointsRuleInput = z.infer<typeof ZPointsRuleInput>;

export const ZPointsRuleVersionCreate = z
  .object({
    communityId: zId,
    effectiveFrom: zInstantIn('生效时间应为带时区的 ISO 8601 时间').optional(),
    exchangeRules: zOptionalLongText('兑换细则', 3000),
    rules: z
      .array(ZPointsRuleInput, { error: '请填写规则' })
      .min(1, { error: '至少一条规则' })
      .max(100, { error: '规则不能超过100条' }),
  })
  .strict()
  .superRefine((value, ctx) => {
    const codes = new Set<string>();
    const ids = new Set<number>();
    value.rules.forEach((rule, index) => {
      if (rule.code !== undefined) {
        const code = rule.code.toUpperCase();
        if (codes.has(code))
          ctx.addIssue({ code: 'custom', path: ['rules', index, 'code'], message: `规则编号 ${rule.code} 重复` });
        codes.add(code);
      }
      if (rule.ruleId !== undefined) {
        if (ids.has(rule.ruleId))
          ctx.addIssue({ code: 'custom', path: ['rules', index, 'ruleId'], message: '同一条规则出现了两次' });
        ids.add(rule.ruleId);
      }
    });
  });
export type TPointsRuleVersionCreate = z.infer<typeof ZPointsRuleVersionCreate>;

/** The center's template: the whole list, saved at once; a row with `id` edits that template rule, one without adds one. */
export const ZPointsTemplateSave = z
  .object({
    rules: z
      .array(z.object({ id: zId.optional(), ...ruleFields }).strict(), { error: '请填写规则' })
      .max(100, { error: '规则不能超过100条' }),
  })
  .strict()
  .superRefine((value, ctx) => {
    const ids = new Set<number>();
    value.rules.forEach((rule, index) => {
      if (rule.id === undefined) return;
      if (ids.has(rule.id))
        ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: '同一条规则出现了两次' });
      ids.add(rule.id);
    });
  });
export type TPointsTemplateSave = z.infer<typeof ZPointsTemplateSave>;

/** Copy the center's template (`fromTemplate: true`) or another community's rules into a community. */
export const ZPointsRulesCopy = z
  .object({
    fromTemplate: z.literal(true, { error: 'fromTemplate 只能为 true' }).optional(),
    fromCommunityId: zId.optional(),
    toCommunityId: zId,
    /** which rules of the source (template rule ids or the source community's rule ids); all when absent */
    ruleIds: z.array(zId).min(1, { error: '至少选择一条规则' }).max(100, { error: '规则不能超过100条' }).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if ((value.fromTemplate === true) === (value.fromCommunityId !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['fromCommunityId'],
        message: '请选择从中心模板或从某个社区复制（二选一）',
      });
    if (value.fromCommunityId !== undefined && value.fromCommunityId === value.toCommunityId)
      ctx.addIssue({ code: 'custom', path: ['fromCommunityId'], message: '不能从本社区复制到本社区' });
  });
export type TPointsRulesCopy = z.infer<typeof ZPointsRulesCopy>;

export const ZPointsAward = z.object({ residentId: zId, ruleId: zId, note: zOptionalText('备注', 200) }).strict();
export type TPointsAward = z.infer<typeof ZPointsAward>;

export const ZPointsAdjustment = z
  .object({
    residentId: zId,
    delta: z
      .number({ error: '调整积分应为数字' })
      .int({ error: '调整积分应为整数' })
      .min(-MAX_ADJUSTMENT, { error: `调整积分不能少于-${MAX_ADJUSTMENT}` })
      .max(MAX_ADJUSTMENT, { error: `调整积分不能超过${MAX_ADJUSTMENT}` })
      .refine((delta) => delta !== 0, { error: '调整积分不能为0' }),
    reason: zLongText('调整原因', 200),
  })
  .strict();
export type TPointsAdjustment = z.infer<typeof ZPointsAdjustment>;

export const ZPointsReversal = z.object({ reason: zLongText('冲正原因', 200) }).strict();
export type TPointsReversal = z.infer<typeof ZPointsReversal>;

export const ZCommunityQuery = z.object({ communityId: zId });

export const ZLeaderboardQuery = z.object({
  communityId: zId,
  period: z.enum(['month', 'year'], { error: '周期应为 month 或 year' }).default('month'),
  /** '2026-11' for a month, '2026' for a year; default: the current one. */
  at: zPattern('时间', /^\d{4}(-(0[1-9]|1[0-2]))?$/, '时间应为 2026 或 2026-11').optional(),
  limit: zQueryInt('条数', 1, 100).default(20),
});
export type TLeaderboardQuery = z.infer<typeof ZLeaderboardQuery>;

export const ZStatementQuery = z.object({
  page: zQueryInt('页码', 1, 100_000).default(1),
  pageSize: zQueryInt('每页条数', 1, 200).default(50),
});
export type TStatementQuery = z.infer<typeof ZStatementQuery>;

/** The ledger of a period for Excel (导出): county dates, both days included; a community, or all the caller may see. */
export const ZLedgerExportQuery = z
  .object({ communityId: zId.optional(), from: zCalendarDate, to: zCalendarDate })
  .refine((q) => q.from <= q.to, { path: ['to'], message: '结束日期不能早于开始日期' });
export type TLedgerExportQuery = z.infer<typeof ZLedgerExportQuery>;
