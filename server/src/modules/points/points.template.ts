import { AppError, type TPointsRulesCopy, type TPointsTemplateSave } from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import type { AppDeps, Trx } from '../../platform/deps.js';
import { uniqueKeyOf } from '../../platform/db-errors.js';
import { recordAudit } from '../audit/index.js';
import { findCommunity } from '../communities/index.js';
import * as repo from './points.repository.js';
import { canManagePointsIn } from './points.policy.js';
import { loadVersionWithRules } from './points.service.js';

// The center's template ---------------------------------------------------------------------------

export function templateRules({ deps }: { deps: AppDeps }) {
  return repo.listTemplateRules(deps.db);
}

/** Saves the whole template: rows with an id edit that rule, new rows are added, rows left out are archived. */
export async function saveTemplate({ deps, actor, data }: { deps: AppDeps; actor: Actor; data: TPointsTemplateSave }) {
  const at = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const keep = data.rules.flatMap((rule) => (rule.id === undefined ? [] : [rule.id]));
    const archived = await repo.archiveTemplateRulesExcept(trx, keep, at);
    for (const [position, rule] of data.rules.entries()) {
      const fields = {
        name: rule.name,
        category: rule.category,
        points: rule.points,
        description: rule.description || null,
        limit_per_day: rule.caps?.perDay ?? null,
        limit_per_week: rule.caps?.perWeek ?? null,
        limit_per_month: rule.caps?.perMonth ?? null,
        position,
      };
      if (rule.id === undefined) await repo.insertTemplateRule(trx, fields, actor.userId, at);
      else if (!(await repo.updateTemplateRule(trx, rule.id, fields, actor.userId, at)))
        throw new AppError('VALIDATION_FAILED', {
          details: [{ field: `rules.${position}.id`, message: '模板中没有这条规则（可能已被删除）' }],
        });
    }
    await recordAudit(trx, deps, actor, {
      action: 'points.template.save',
      targetType: 'points_rule_template',
      summary: `保存中心积分规则模板（${data.rules.length}条${archived ? `，移除${archived}条` : ''}）`,
    });
  });
  return repo.listTemplateRules(deps.db);
}

// Copying rules into a community ----------------------------------------------------------------------

interface SourceRule {
  source: { templateId: number } | { ruleId: number };
  note: string;
  name: string;
  category: string;
  points: number;
  description: string | null;
  limits: { perDay: number | null; perWeek: number | null; perMonth: number | null };
}

async function sourceRules(deps: AppDeps, data: TPointsRulesCopy): Promise<SourceRule[]> {
  let rules: SourceRule[];
  if (data.fromCommunityId === undefined) {
    rules = (await repo.listTemplateRules(deps.db)).map((r) => ({
      source: { templateId: r.id },
      note: `复制自中心模板「${r.name}」`,
      name: r.name,
      category: r.category,
      points: r.points,
      description: r.description,
      limits: { perDay: r.limit_per_day, perWeek: r.limit_per_week, perMonth: r.limit_per_month },
    }));
  } else {
    const from = await findCommunity(deps.db, data.fromCommunityId);
    if (!from)
      throw new AppError('VALIDATION_FAILED', { details: [{ field: 'fromCommunityId', message: '社区不存在' }] });
    // A community's rules are public (公示), so any staff member may start from them.
    const version = await repo.findVersionInForce(deps.db, from.id, deps.clock.now().toISOString());
    const revisions = version ? await repo.listRevisions(deps.db, [version.id]) : [];
    rules = revisions.map((r) => ({
      source: { ruleId: r.rule_id },
      note: `复制自${from.name}「${r.name}」`,
      name: r.name,
      category: r.category,
      points: r.points,
      description: r.description,
      limits: { perDay: r.limit_per_day, perWeek: r.limit_per_week, perMonth: r.limit_per_month },
    }));
  }
  if (!data.ruleIds) return rules;
  const idOf = (r: SourceRule) => ('templateId' in r.source ? r.source.templateId : r.source.ruleId);
  const unknown = data.ruleIds.filter((id) => !rules.some((r) => idOf(r) === id));
  if (unknown.length)
    throw new AppError('VALIDATION_FAILED', {
      details: [{ field: 'ruleIds', message: `来源中没有这些规则：${unknown.join('、')}` }],
    });
  return rules.filter((r) => data.ruleIds!.includes(idOf(r)));
}

/** One attempt: the target's latest rules plus every source rule it does not hold yet, as the next version. */
async function copyOnce(trx: Trx, deps: AppDeps, actor: Actor, to: { id: number; name: string }, rules: SourceRule[]) {
  const at = deps.clock.now().toISOString();
  const latest = await repo.findLatestVersion(trx, to.id);
  const base = latest ? await repo.listRevisions(trx, [latest.id]) : [];
  const held = new Set(base.map((r) => r.rule_id));
  // A community that wrote a rule of the same name by hand already has it: copying would list it twice.
  const names = new Set(base.map((r) => r.name));
  const arriving = [];
  for (const rule of rules) {
    if (names.has(rule.name)) continue;
    const ruleId = await repo.ensureCopiedRule(trx, { communityId: to.id, source: rule.source, note: rule.note, at });
    if (!held.has(ruleId)) {
      held.add(ruleId);
      names.add(rule.name);
      arriving.push({ ...rule, ruleId });
    }
  }
  if (!arriving.length) return { copied: 0, alreadyThere: rules.length, versionId: null };
  const version = Number(latest?.version ?? 0) + 1;
  const versionId = await repo.insertVersion(trx, {
    communityId: to.id,
    version,
    effectiveFrom: at,
    exchangeRules: latest?.exchange_rules ?? null,
    createdBy: actor.userId,
    at,
  });
  await repo.insertRevisions(trx, [
    ...base.map((r, position) => ({
      versionId,
      ruleId: r.rule_id,
      name: r.name,
      category: r.category,
      points: r.points,
      description: r.description,
      limits: { perDay: r.limit_per_day, perWeek: r.limit_per_week, perMonth: r.limit_per_month },
      position,
    })),
    ...arriving.map((r, index) => ({
      versionId,
      ruleId: r.ruleId,
      name: r.name,
      category: r.category,
      points: r.points,
      description: r.description,
      limits: r.limits,
      position: base.length + index,
    })),
  ]);
  await recordAudit(trx, deps, actor, {
    action: 'points.rules.copy',
    targetType: 'points_rule_version',
    targetId: versionId,
    communityId: to.id,
    summary: `${to.name} 复制积分规则${arriving.length}条（${arriving.map((r) => r.name).join('、')}），发布第${version}版`,
  });
  return { copied: arriving.length, alreadyThere: rules.length - arriving.length, versionId };
}

/**
 * Copies the center's template or another community's rules into a community as its next version,
 * effective now. A rule already copied is not copied again (unique key on (community, source)), nor
 * one whose name the community already uses;
 * two copies at once meet the version number's unique key, and the loser tries again and finds the
 * rules there.
 */
export async function copyRules({ deps, actor, data }: { deps: AppDeps; actor: Actor; data: TPointsRulesCopy }) {
  const to = await findCommunity(deps.db, data.toCommunityId);
  if (!to) throw new AppError('VALIDATION_FAILED', { details: [{ field: 'toCommunityId', message: '社区不存在' }] });
  if (!canManagePointsIn(actor, to.id)) throw new AppError('FORBIDDEN');
  const rules = await sourceRules(deps, data);
  if (!rules.length)
    throw new AppError('VALIDATION_FAILED', {
      details: [
        {
          field: data.fromCommunityId === undefined ? 'fromTemplate' : 'fromCommunityId',
          message: '来源没有可复制的规则',
        },
      ],
    });
  for (let attempt = 1; ; attempt += 1) {
    try {
      const result = await deps.db.transaction().execute((trx) => copyOnce(trx, deps, actor, to, rules));
      return {
        copied: result.copied,
        alreadyThere: result.alreadyThere,
        version: result.versionId === null ? null : await loadVersionWithRules(deps, result.versionId),
      };
    } catch (error) {
      if (attempt < 5 && uniqueKeyOf(error) === 'points_rule_versions(community_id,version)') continue;
      throw error;
    }
  }
}
