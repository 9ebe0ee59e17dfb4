// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { TRuleVersion } from '@zhongli/domain';
import {
  blankRow,
  formFromVersion,
  payloadOf,
  rowsFromTemplate,
  validateRulesForm,
  validateTemplateForm,
} from './rulesForm';

const VERSION: TRuleVersion = {
  id: 3,
  communityId: 3,
  version: 1,
  effectiveFrom: '2026-08-30T18:06:32.325Z',
  publishedAt: '2026-08-30T18:06:32.325Z',
  exchangeRules: '一、不能兑换现金。',
  rules: [
    {
      id: 14,
      code: 'CLEANUP',
      name: '环境整治',
      category: '环境整治',
      points: 5,
      description: null,
      caps: { perDay: 2, perWeek: 5, perMonth: null },
      capsText: '每天最多2次，每周最多5次',
      origin: '复制自中心模板「环境整治」',
    },
  ],
};

describe('rules form', () => {
  it('starts from the version in force and gives the same rules back', () => {
    const form = formFromVersion(VERSION);
    expect(form.rows[0]).toMatchObject({ ruleId: 14, points: '5', perDay: '2', perWeek: '5', perMonth: '' });
    expect(form.rows[0]).not.toHaveProperty('code');
    const result = validateRulesForm(3, form);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.data.rules[0]).toMatchObject({
        ruleId: 14,
        points: 5,
        caps: { perDay: 2, perWeek: 5, perMonth: null },
      });
      expect(result.data.exchangeRules).toBe('一、不能兑换现金。');
      expect(result.data.effectiveFrom).toBeUndefined();
    }
  });

  it('reads an effective time as county time', () => {
    const form = { ...formFromVersion(VERSION), effectiveFrom: '2026-12-01 08:00' };
    expect(payloadOf(3, form).effectiveFrom).toBe('2026-12-01T00:00:00.000Z');
    expect(validateRulesForm(3, form).ok).toBe(true);
  });

  it('names the row and field of each problem', () => {
    const form = formFromVersion(VERSION);
    form.rows.push({ ...blankRow(), name: '新规则', category: '其他', points: '0', perDay: 'x' });
    const result = validateRulesForm(3, form);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors['rules.1.points']).toBe('积分至少为1');
      expect(result.errors['rules.1.caps.perDay']).toBeTruthy();
      expect(result.errors['rules.0.points']).toBeUndefined();
    }
  });

  it('asks for no code: a new rule goes out without one, an existing rule by its id', () => {
    const form = formFromVersion(VERSION);
    form.rows.push({ ...blankRow(), name: '邻里互助', category: '邻里互助', points: '8' });
    const result = validateRulesForm(3, form);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.data.rules.map((r) => [r.ruleId, r.code])).toEqual([
        [14, undefined],
        [undefined, undefined],
      ]);
    }
  });

  it('shows where a copied rule came from', () => {
    expect(formFromVersion(VERSION).rows[0]!.origin).toBe('复制自中心模板「环境整治」');
    expect(blankRow().origin).toBeNull();
  });

  it('catches one rule listed twice (a copied row duplicated by hand)', () => {
    const form = formFromVersion(VERSION);
    form.rows.push({ ...form.rows[0]!, key: 99 });
    const result = validateRulesForm(3, form);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors['rules.1.ruleId']).toBe('同一条规则出现了两次');
  });

  it('refuses an empty list', () => {
    const result = validateRulesForm(3, { rows: [], exchangeRules: '', effectiveFrom: '' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.rules).toBe('至少一条规则');
  });
});

describe('template form', () => {
  const TEMPLATE = [
    {
      id: 7,
      name: '志愿服务',
      category: '志愿服务',
      points: 10,
      description: null,
      caps: { perDay: 1, perWeek: null, perMonth: null },
      capsText: '每天最多1次',
    },
  ];

  it('edits template rules by id and adds new ones without', () => {
    const rows = rowsFromTemplate(TEMPLATE);
    rows.push({ ...blankRow(), name: '护河巡查', category: '环境整治', points: '6', perWeek: '2' });
    const result = validateTemplateForm(rows);
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.data.rules).toEqual([
        {
          id: 7,
          name: '志愿服务',
          category: '志愿服务',
          points: 10,
          caps: { perDay: 1, perWeek: null, perMonth: null },
        },
        { name: '护河巡查', category: '环境整治', points: 6, caps: { perDay: null, perWeek: 2, perMonth: null } },
      ]);
  });

  it('may be emptied, but names the row of a bad value', () => {
    expect(validateTemplateForm([]).ok).toBe(true);
    const result = validateTemplateForm([{ ...blankRow(), name: '', category: '其他', points: 'x' }]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['rules.0.name', 'rules.0.points']);
  });
});
