import { AppError } from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import { findRule, grantAward } from '../points/index.js';
import { findResidentOfLogin } from '../residents/index.js';
import * as repo from './services.repository.js';
import { canManageService } from './services.policy.js';

type NoPointsReason = 'NO_RESIDENT' | 'CAP_REACHED' | 'RESIDENT_ARCHIVED';

/**
 * 场次完成: staff mark a session done once it has started; every volunteer on its rota who is also
 * a resident earns the shift rule's points (the service's community's rule, like a check-in earns
 * the organiser's). The first marking wins a conditional UPDATE on `completed_at`; each award
 * carries the idempotency key `shift:<session>:<user>`, unique in the ledger, so a shift pays once
 * however often or concurrently it is marked. Points go through the points module's `grantAward`.
 */
export async function completeServiceSession({
  deps,
  actor,
  sessionId,
  ruleId,
}: {
  deps: AppDeps;
  actor: Actor;
  sessionId: number;
  ruleId: number;
}) {
  const session = await repo.findServiceSession(deps.db, sessionId);
  if (!session) throw new AppError('NOT_FOUND');
  const service = (await repo.findService(deps.db, session.service_id))!;
  if (!canManageService(actor, service)) throw new AppError('FORBIDDEN');
  const rule = await findRule(deps.db, ruleId);
  if (!rule || rule.community_id !== service.community_id)
    throw new AppError('VALIDATION_FAILED', {
      details: [{ field: 'ruleId', message: '请选择本社区积分办法中的值班规则' }],
    });
  if (session.status !== 'open') throw new AppError('SESSION_CLOSED');
  const now = deps.clock.now().toISOString();
  if (now < session.starts_at) throw new AppError('INVALID_STATE', { message: '场次开始后才能标记完成' });
  if (session.completed_at) throw new AppError('SESSION_ALREADY_COMPLETED');

  return deps.db.transaction().execute(async (trx) => {
    if (!(await repo.markServiceSessionCompleted(trx, sessionId, { at: now, by: actor.userId })))
      throw new AppError('SESSION_ALREADY_COMPLETED');
    const volunteers: { userId: number; name: string; points: number | null; noPointsReason: NoPointsReason | null }[] =
      [];
    for (const assignment of await repo.assignmentsFor(trx, [sessionId])) {
      const resident = await findResidentOfLogin(trx, assignment.user_id);
      if (!resident) {
        volunteers.push({
          userId: assignment.user_id,
          name: assignment.name,
          points: null,
          noPointsReason: 'NO_RESIDENT',
        });
        continue;
      }
      try {
        const award = await grantAward(trx, deps, {
          actor,
          resident,
          ruleId,
          ruleCommunityId: service.community_id,
          refType: 'service_session',
          refId: String(sessionId),
          note: `${service.name} ${session.date} ${session.period} 值班`,
          idempotencyKey: `shift:${sessionId}:${assignment.user_id}`,
        });
        volunteers.push({
          userId: assignment.user_id,
          name: assignment.name,
          points: award.delta,
          noPointsReason: null,
        });
      } catch (error) {
        // The shift still counts as served: a full cap only defers the points to the next period, and
        // an archived resident (moved away) earns none; neither may undo the others' completion.
        if (!(error instanceof AppError && (error.code === 'RULE_CAP_REACHED' || error.code === 'RESIDENT_ARCHIVED')))
          throw error;
        volunteers.push({
          userId: assignment.user_id,
          name: assignment.name,
          points: null,
          noPointsReason: error.code === 'RULE_CAP_REACHED' ? 'CAP_REACHED' : 'RESIDENT_ARCHIVED',
        });
      }
    }
    await recordAudit(trx, deps, actor, {
      action: 'service.session.complete',
      targetType: 'service_session',
      targetId: sessionId,
      communityId: service.community_id,
      summary: `「${service.name}」${session.date} ${session.period} 标记完成，${volunteers.filter((v) => v.points).length} 名志愿者获得值班积分`,
    });
    return { id: sessionId, completedAt: now, volunteers };
  });
}
