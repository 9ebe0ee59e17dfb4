import { AppError } from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import type { AppDeps, Trx } from '../../platform/deps.js';
import * as repo from './notifications.repository.js';

export interface Notice {
  kind: string;
  title: string;
  body: string;
  link?: string | null;
}

/**
 * Tells residents something in the app (a waitlist promotion, a changed or cancelled activity),
 * inside the caller's transaction: the notice exists exactly when the change does. Residents
 * see it on their home page; there is no push channel (WeChat template messages need an
 * official account's credentials this deployment does not have).
 */
export async function notify(
  trx: Trx,
  deps: Pick<AppDeps, 'clock'>,
  residentIds: number[],
  notice: Notice,
): Promise<void> {
  const at = deps.clock.now().toISOString();
  await repo.insertNotifications(
    trx,
    [...new Set(residentIds)].map((residentId) => ({ residentId, ...notice, link: notice.link ?? null, at })),
  );
}

export async function myNotifications({ deps, actor }: { deps: AppDeps; actor: Actor }) {
  if (!actor.resident) throw new AppError('FORBIDDEN', { message: '只有居民账号有消息' });
  const [items, unread] = await Promise.all([
    repo.listForResident(deps.db, actor.resident.id, 50),
    repo.countUnread(deps.db, actor.resident.id),
  ]);
  return { items, unread };
}

export async function markNotificationsRead({ deps, actor, upToId }: { deps: AppDeps; actor: Actor; upToId?: number }) {
  if (!actor.resident) throw new AppError('FORBIDDEN');
  await repo.markRead(deps.db, actor.resident.id, deps.clock.now().toISOString(), upToId);
}
