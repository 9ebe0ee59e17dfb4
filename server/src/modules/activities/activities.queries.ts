import {
  AppError,
  countyDateOf,
  isPubliclyVisible,
  maskName,
  PUBLIC_ACTIVITY_STATUSES,
  type TActivityStatus,
} from '@zhongli/domain';
import { staffCommunityIds, type Actor } from '../../platform/actor.js';
import type { AppDeps, Db, Trx } from '../../platform/deps.js';
import type { XlsxColumn, XlsxSheet } from '../../platform/xlsx.js';
import { auditedExport } from '../audit/index.js';
import { activitySponsors } from '../merchants/index.js';
import { rulesInForce } from '../points/index.js';
import * as repo from './activities.repository.js';
import type { ActivityView } from './activities.presenter.js';
import { canManageActivitiesIn, canSeeNameOf } from './activities.policy.js';

/** What the activities module answers to readers: routes here, and the menus module through the index. */

const DAY_MS = 86_400_000;

/** Whether the public pages show this activity (the domain rule, over a row). */
const isPublicRow = (row: repo.ActivityRow) => isPubliclyVisible({ status: row.status, publishedAt: row.published_at });

/** Partners, answered needs, sponsors, waitlist counts and points rules of a set of activities, in five queries. */
export async function withExtras(
  deps: AppDeps,
  rows: repo.ActivityRow[],
  db: Db | Trx = deps.db,
): Promise<ActivityView[]> {
  const ids = rows.map((r) => r.id);
  const [partners, needs, waitlists, sponsors, rules] = await Promise.all([
    repo.partnersOf(db, ids),
    repo.needsOf(db, ids),
    repo.waitlistCounts(db, ids),
    activitySponsors(db, ids),
    rulesInForce(
      db,
      [...new Set(rows.map((r) => r.points_rule_id).filter((id): id is number => id != null))],
      deps.clock.now().toISOString(),
    ),
  ]);
  const waitlisted = new Map(waitlists.map((w) => [w.activity_id, Number(w.n)]));
  return rows.map((row) => ({
    row,
    extras: {
      partners: partners.filter((p) => p.activity_id === row.id),
      needs: needs.filter((n) => n.activity_id === row.id),
      sponsors: sponsors.filter((s) => s.activity_id === row.id),
      waitlisted: waitlisted.get(row.id) ?? 0,
      rule: row.points_rule_id ? (rules.get(row.points_rule_id) ?? null) : null,
    },
  }));
}

async function withExtrasOne(deps: AppDeps, row: repo.ActivityRow): Promise<ActivityView> {
  return (await withExtras(deps, [row]))[0]!;
}

export function listCategories({ deps }: { deps: AppDeps }) {
  return repo.listCategories(deps.db);
}

/** The staff member's activities (their communities; the center all), optionally one community or one week. */
export async function activitiesInScope({
  deps,
  actor,
  communityId,
  week,
}: {
  deps: AppDeps;
  actor: Actor;
  communityId?: number;
  week?: string;
}): Promise<ActivityView[]> {
  return withExtras(
    deps,
    await repo.listActivities(deps.db, { communityIds: staffCommunityIds(actor), communityId, week }),
  );
}

/** One activity for the staff who manage it (404 / 403 otherwise). */
export async function staffActivityRow({
  deps,
  actor,
  activityId,
}: {
  deps: AppDeps;
  actor: Actor;
  activityId: number;
}): Promise<repo.ActivityRow> {
  const activity = await repo.findActivity(deps.db, activityId);
  if (!activity) throw new AppError('NOT_FOUND');
  if (!canManageActivitiesIn(actor, activity.community_id)) throw new AppError('FORBIDDEN');
  return activity;
}

export async function activityForStaff(options: { deps: AppDeps; actor: Actor; activityId: number }) {
  return withExtrasOne(options.deps, await staffActivityRow(options));
}

/** One activity as the public sees it; one never published is not found. */
export async function publicActivity({ deps, activityId }: { deps: AppDeps; activityId: number }) {
  const row = await repo.findActivity(deps.db, activityId);
  if (!row || !isPublicRow(row)) throw new AppError('NOT_FOUND');
  return withExtrasOne(deps, row);
}

/** Published (and cancelled-after-publication) activities that have not ended, starting within `days`. */
export async function upcomingPublicActivities({
  deps,
  communityId,
  days,
}: {
  deps: AppDeps;
  communityId?: number;
  days: number;
}): Promise<ActivityView[]> {
  const now = deps.clock.now();
  const rows = await publicActivityRows({
    deps,
    communityId,
    from: now.toISOString(),
    to: new Date(now.getTime() + days * DAY_MS).toISOString(),
    limit: 200,
  });
  return withExtras(deps, rows);
}

/**
 * Rows of the publicly visible activities overlapping [from, to) or of one week — for the
 * calendar feeds, which need no partners or points.
 */
export async function publicActivityRows({
  deps,
  communityId,
  week,
  from,
  to,
  limit,
}: {
  deps: AppDeps;
  communityId?: number;
  week?: string;
  from?: string;
  to?: string;
  limit?: number;
}): Promise<repo.ActivityRow[]> {
  const rows = await repo.listActivities(deps.db, {
    communityId,
    week,
    statuses: [...PUBLIC_ACTIVITY_STATUSES],
    from,
    to,
    limit,
  });
  return rows.filter(isPublicRow);
}

/** A week's publicly visible activities with what they show (the public menu, the article). */
export async function publicActivitiesOfWeek({ deps, week }: { deps: AppDeps; week: string }) {
  return withExtras(deps, await publicActivityRows({ deps, week }));
}

/** A week's activities in the given states, every community (the center's review). */
export async function activitiesOfWeek({
  deps,
  week,
  statuses,
}: {
  deps: AppDeps;
  week: string;
  statuses: TActivityStatus[];
}): Promise<ActivityView[]> {
  return withExtras(deps, await repo.listActivities(deps.db, { week, statuses }));
}

/**
 * The week's activities read inside the caller's transaction, their rows locked on PostgreSQL
 * until it ends: a batch that decides on them (一键通过) sees an edit saved before it and makes a
 * later one wait, instead of deciding on a snapshot taken outside (SQLite's BEGIN IMMEDIATE
 * already gives the transaction the database to itself).
 */
export async function lockActivitiesOfWeek(
  trx: Trx,
  deps: AppDeps,
  { week, statuses }: { week: string; statuses: TActivityStatus[] },
): Promise<ActivityView[]> {
  await repo.lockWeek(trx, { week, statuses });
  return withExtras(deps, await repo.listActivities(trx, { week, statuses }), trx);
}

/** The signed-in resident's sign-ups, with the activities as everyone sees them. */
export async function myActivities({ deps, actor }: { deps: AppDeps; actor: Actor }) {
  if (!actor.resident) throw new AppError('FORBIDDEN', { message: '只有居民账号可以报名活动' });
  const mine = await repo.myRegistrations(deps.db, actor.resident.id);
  const views = await withExtras(
    deps,
    mine.map((m) => m.row),
  );
  return mine.map((m, i) => ({ registration: m.registration, view: views[i]! }));
}

/** The 报名名单 for the staff who manage the activity; names only of the residents they serve. */
export async function registrationsOf({
  deps,
  actor,
  activityId,
}: {
  deps: AppDeps;
  actor: Actor;
  activityId: number;
}) {
  await staffActivityRow({ deps, actor, activityId });
  const rows = await repo.listRegistrations(deps.db, activityId);
  return rows.map((row) => ({ row, showName: canSeeNameOf(actor, row) }));
}

// Exports (导出) ---------------------------------------------------------------------------------

interface AttendanceSheetRow {
  name: string;
  member_code: string;
  community_name: string;
  state: string;
  waitlist_position: number | null;
  registered_at: string | null;
  checked_in_at: string | null;
}

const ATTENDANCE_COLUMNS: XlsxColumn<AttendanceSheetRow>[] = [
  { header: '姓名', key: 'name', width: 10, kind: 'text' },
  { header: '会员号', key: 'member_code', width: 14, kind: 'text' },
  { header: '社区', key: 'community_name', width: 16, kind: 'text' },
  { header: '报名状态', key: 'state', width: 10, kind: 'text' },
  { header: '候补位次', key: 'waitlist_position', width: 8, kind: 'integer' },
  { header: '报名时间', key: 'registered_at', width: 18, kind: 'datetime' },
  { header: '签到时间', key: 'checked_in_at', width: 18, kind: 'datetime' },
];

/**
 * An activity's registrations and attendance as Excel: everyone signed up (报名/候补) with their check-in time,
 * then those who checked in without signing up (现场签到). Names as on the list: whole for staff of the
 * resident's community, masked otherwise (a county-wide activity draws people from other desks).
 */
export async function exportAttendance({
  deps,
  actor,
  activityId,
}: {
  deps: AppDeps;
  actor: Actor;
  activityId: number;
}) {
  const activity = await staffActivityRow({ deps, actor, activityId });
  const nameOf = (r: { name: string; community_id: number }) => (canSeeNameOf(actor, r) ? r.name : maskName(r.name));
  const rows = async function* (): AsyncGenerator<AttendanceSheetRow> {
    for await (const r of repo.registrationsForExport(deps.db, activityId)) {
      yield {
        ...r,
        name: nameOf(r),
        state: r.status === 'registered' ? '已报名' : '候补',
        registered_at: r.created_at,
      };
    }
    for await (const r of repo.walkInsForExport(deps.db, activityId)) {
      yield { ...r, name: nameOf(r), state: '现场签到', waitlist_position: null, registered_at: null };
    }
  };
  const day = countyDateOf(new Date(activity.starts_at));
  return {
    filename: `报名与签到-${activity.title}-${day}`,
    sheetName: '报名与签到',
    columns: ATTENDANCE_COLUMNS,
    rows: auditedExport(
      deps,
      actor,
      {
        what: '活动报名与签到名单',
        filters: { 活动: activity.title, 日期: day },
        targetType: 'activity',
        targetId: activity.id,
        communityId: activity.community_id,
      },
      rows(),
    ),
  } satisfies XlsxSheet<AttendanceSheetRow>;
}
