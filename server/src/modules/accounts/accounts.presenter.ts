import { maskPhone, type TMe, type TSignedIn, type TUserSummary } from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import { passwordChangeReasonOf, type listUsersWithRoles } from './accounts.repository.js';

export function presentMe(actor: Actor): TMe {
  return {
    id: actor.userId,
    name: actor.name,
    phoneMasked: maskPhone(actor.phone),
    roles: actor.roles,
    resident: actor.resident ?? null,
    mustChangePassword: actor.mustChangePassword !== undefined,
    passwordChangeReason: actor.mustChangePassword ?? null,
  };
}

export function presentSignedIn(actor: Actor): TSignedIn {
  return { user: presentMe(actor) };
}

type UserRoleRow = Awaited<ReturnType<typeof listUsersWithRoles>>[number];

/** One entry per account, its roles gathered; phones masked as in every list. */
export function presentUsers({ rows, manageable }: { rows: UserRoleRow[]; manageable: Set<number> }): TUserSummary[] {
  const byId = new Map<number, TUserSummary>();
  for (const row of rows) {
    let user = byId.get(row.id);
    if (!user) {
      user = {
        id: row.id,
        name: row.name,
        phoneMasked: maskPhone(row.phone),
        disabled: row.disabled === 1,
        mustChangePassword: row.must_change_password !== 0,
        passwordChangeReason: passwordChangeReasonOf(row.must_change_password) ?? null,
        roles: [],
        manageable: manageable.has(row.id),
      };
      byId.set(row.id, user);
    }
    user.roles.push({
      role: row.role,
      ...(row.community_id != null ? { communityId: row.community_id } : {}),
      ...(row.merchant_id != null ? { merchantId: row.merchant_id } : {}),
    });
  }
  return [...byId.values()];
}
