import {
  countyInstant,
  type TPointsRuleVersionCreate,
  type TPointsTemplateSave,
  type TRuleVersion,
  type TTemplateRule,
  ZPointsRuleVersionCreate,
  ZPointsTemplateSave,
} from '@zhongli/domain';
import { zodFieldErrors } from '../../shared/forms';

/** One editable row of the rules form; numbers are kept as typed, a blank limit = 不限. */
export interface RuleRow {
  key: number;
  /** the rule this row edits; absent for a new rule (the server gives it its code) */
  ruleId?: number;
  /** where a copied rule came from, shown beside it */
  origin: string | null;
  name: string;
  category: string;
  points: string;
  description: string;
  perDay: string;
  perWeek: string;
  perMonth: string;
}

export interface RulesForm {
  rows: RuleRow[];
  exchangeRules: string;
  /** 'YYYY-MM-DD HH:mm' in county time, or '' for "now" */
  effectiveFrom: string;
}

let nextKey = 1;

export function blankRow(): RuleRow {
  return {
    key: nextKey++,
    origin: null,
    name: '',
    category: '',
    points: '',
    description: '',
    perDay: '',
    perWeek: '',
    perMonth: '',
  };
}

const limitText = (limit: number | null) => (limit == null ? '' : String(limit));

/** Editing = publishing a new version: the form starts from the version in force. */
export function formFromVersion(version: TRuleVersion | undefined): RulesForm {
  if (!version) return { rows: [blankRow()], exchangeRules: '', effectiveFrom: '' };
  return {
    rows: version.rules.map((r) => ({
      key: nextKey++,
      ruleId: r.id,
      origin: r.origin,
      name: r.name,
      category: r.category,
      points: String(r.points),
      description: r.description ?? '',
      perDay: limitText(r.caps.perDay),
      perWeek: limitText(r.caps.perWeek),
      perMonth: limitText(r.caps.perMonth),
    })),
    exchangeRules: version.exchangeRules ?? '',
    effectiveFrom: '',
  };
}

/** '12' → 12, '' → null (unlimited), anything else → NaN so the schema names the field. */
function limitValue(text: string): number | null {
  const t = text.trim();
  if (!t) return null;
  return /^\d+$/.test(t) ? Number(t) : Number.NaN;
}

function pointsValue(text: string): number {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : Number.NaN;
}

/** What a row says about its rule, as both the rules and the template schemas read it. */
function ruleFieldsOf(row: RuleRow) {
  return {
    name: row.name.trim(),
    category: row.category.trim(),
    points: pointsValue(row.points),
    description: row.description.trim() || undefined,
    // the rule's limits, `caps` in the published API
    caps: { perDay: limitValue(row.perDay), perWeek: limitValue(row.perWeek), perMonth: limitValue(row.perMonth) },
  };
}

export function payloadOf(communityId: number, form: RulesForm) {
  const effective = form.effectiveFrom.trim();
  return {
    communityId,
    ...(effective ? { effectiveFrom: countyInstant(...(effective.split(/[ T]/) as [string, string])) } : {}),
    exchangeRules: form.exchangeRules.trim() || undefined,
    rules: form.rows.map((row) => ({
      ...(row.ruleId === undefined ? {} : { ruleId: row.ruleId }),
      ...ruleFieldsOf(row),
    })),
  };
}

/**
 * Checks the form with the schema the server uses. Errors are keyed 'rules.2.points',
 * 'rules.0.caps.perDay', 'exchangeRules', 'effectiveFrom', or 'rules' for the list itself.
 */
export function validateRulesForm(
  communityId: number,
  form: RulesForm,
): { ok: true; data: TPointsRuleVersionCreate } | { ok: false; errors: Record<string, string> } {
  const parsed = ZPointsRuleVersionCreate.safeParse(payloadOf(communityId, form));
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, errors: zodFieldErrors(parsed.error, { fullPath: true }) };
}

/** The center's template as editable rows; a row's `ruleId` is the template rule's id. */
export function rowsFromTemplate(rules: TTemplateRule[]): RuleRow[] {
  return rules.map((r) => ({
    key: nextKey++,
    ruleId: r.id,
    origin: null,
    name: r.name,
    category: r.category,
    points: String(r.points),
    description: r.description ?? '',
    perDay: limitText(r.caps.perDay),
    perWeek: limitText(r.caps.perWeek),
    perMonth: limitText(r.caps.perMonth),
  }));
}

export function templatePayloadOf(rows: RuleRow[]) {
  return {
    rules: rows.map((row) => ({ ...(row.ruleId === undefined ? {} : { id: row.ruleId }), ...ruleFieldsOf(row) })),
  };
}

export function validateTemplateForm(
  rows: RuleRow[],
): { ok: true; data: TPointsTemplateSave } | { ok: false; errors: Record<string, string> } {
  const parsed = ZPointsTemplateSave.safeParse(templatePayloadOf(rows));
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, errors: zodFieldErrors(parsed.error, { fullPath: true }) };
}
