import { AppError, type ErrorCode } from '@zhongli/domain';

/** A unique constraint refused the write: SQLite's SQLITE_CONSTRAINT_UNIQUE / PRIMARYKEY, PostgreSQL's 23505. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string } | null;
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === '23505';
}

/** The key a unique violation hit, named the same way on both databases: `bookings(session_id,resident_id)`. */
export function uniqueKeyOf(error: unknown): string | undefined {
  if (!isUniqueViolation(error)) return undefined;
  const e = error as { message?: string; table?: string; detail?: string; constraint?: string };
  // A key on an expression is named by its index on both: SQLite says "UNIQUE constraint failed:
  // index 'partners_active_name'", PostgreSQL gives the index as the constraint.
  const expressionIndex = /constraint failed: index '(.+)'$/.exec(e.message ?? '')?.[1];
  if (expressionIndex) return expressionIndex;
  if (e.constraint && Object.hasOwn(CONFLICTS, e.constraint)) return e.constraint;
  // SQLite: "UNIQUE constraint failed: bookings.session_id, bookings.resident_id"
  const sqlite = /constraint failed: (.+)$/.exec(e.message ?? '');
  if (sqlite) {
    const parts = sqlite[1]!.split(', ').map((part) => part.split('.'));
    return `${parts[0]![0]}(${parts.map((p) => p[1]).join(',')})`;
  }
  // PostgreSQL: table "bookings", detail "Key (session_id, resident_id)=(3, 7) already exists."
  const postgres = /^Key \((.+?)\)=/.exec(e.detail ?? '');
  if (e.table && postgres) return `${e.table}(${postgres[1]!.replaceAll(' ', '')})`;
  return undefined;
}

type Conflict = ErrorCode | { code: ErrorCode; field: string; message: string };

/**
 * What each unique key means to the person who ran into it: the one place a unique violation
 * becomes an answer. The constraint is the real guarantee (two phones booking the same person at
 * once, two staff naming two communities alike); the error handler looks the key up here, so
 * use cases and routes never catch a unique violation to translate it.
 */
const CONFLICTS: Record<string, Conflict> = {
  'communities(name)': { code: 'NAME_TAKEN', field: 'name', message: '已有同名社区' },
  'venues(community_id,name)': { code: 'NAME_TAKEN', field: 'name', message: '本社区已有同名场地' },
  'merchants(community_id,name)': { code: 'NAME_TAKEN', field: 'name', message: '本社区已有同名商户' },
  'users(phone)': { code: 'PHONE_TAKEN', field: 'phone', message: '该手机号已被登记' },
  // two desks linking residents to the same existing login at once
  'residents(user_id)': { code: 'PHONE_TAKEN', field: 'phone', message: '该手机号已被登记' },
  'residents(id_number_digest)': { code: 'RESIDENT_EXISTS', field: 'idNumber', message: '该身份证号的居民已登记' },
  // Two publications racing for the same version number.
  'points_rule_versions(community_id,version)': 'CONFLICT',
  'shop_items(community_id,name)': { code: 'NAME_TAKEN', field: 'name', message: '本社区已有同名物品' },
  'activity_categories(name)': { code: 'NAME_TAKEN', field: 'name', message: '已有该类别' },
  'partners(merchant_id)': { code: 'NAME_TAKEN', field: 'merchantId', message: '该商户已登记为合作方' },
  // the name among the community's active partners (county-wide ones are one scope)
  partners_active_name: {
    code: 'PARTNER_NAME_TAKEN',
    field: 'name',
    message: '同一社区已有同名的在用合作方（可先恢复已归档的那个）',
  },
  // The same person from two devices at once: the loser meets the key.
  'registrations(activity_id,resident_id)': 'ALREADY_REGISTERED',
  'checkins(activity_id,resident_id)': 'ALREADY_CHECKED_IN',
  // two staff correcting the same volunteer-hours entry from the same version
  'volunteer_hour_corrections(source,source_id,version)': 'HOURS_CHANGED',
  volunteer_hour_corrections_version_unique: 'HOURS_CHANGED',
  'need_supports(need_id,resident_id)': 'ALREADY_SUPPORTED',
  'services(community_id,name)': { code: 'NAME_TAKEN', field: 'name', message: '本社区已有同名服务' },
  'bookings(session_id,resident_id)': 'ALREADY_BOOKED',
};

/**
 * A write that pointed at a service session deleted meanwhile (PostgreSQL's 23503 naming
 * service_sessions): a rota, availability or swap request that waited for a regeneration which
 * removed the session. SQLite serialises writers, so there the session is simply not found first.
 */
export function isGoneSessionReference(error: unknown): boolean {
  const e = error as { code?: string; detail?: string } | null;
  return e?.code === '23503' && /is not present in table "service_sessions"/.test(e.detail ?? '');
}

/** The answer for a unique violation; an unmapped key is a plain 409 CONFLICT, never a 500. */
export function conflictFor(error: unknown): AppError {
  const conflict = CONFLICTS[uniqueKeyOf(error) ?? ''] ?? 'CONFLICT';
  if (typeof conflict === 'string') return new AppError(conflict);
  return new AppError(conflict.code, { details: [{ field: conflict.field, message: conflict.message }] });
}
