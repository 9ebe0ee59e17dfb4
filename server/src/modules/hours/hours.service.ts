import {
  AppError,
  activityEntryMinutes,
  countyDateOf,
  countyDaysWindow,
  hoursOfMinutes,
  shiftEntryMinutes,
  type HourSource,
  type THoursCorrection,
  type THoursEntry,
} from '@zhongli/domain';
import { canStaffCommunity, staffCommunityIds, type Actor } from '../../platform/actor.js';
import type { AppDeps, Db, Trx } from '../../platform/deps.js';
import type { XlsxColumn, XlsxSheet } from '../../platform/xlsx.js';
import { auditedExport, recordAudit } from '../audit/index.js';
import { centerOf } from '../communities/index.js';
import * as repo from './hours.repository.js';

/** What one row counts before any correction, and whether it ran to the scheduled end. */
function originalOf(row: repo.HourRow): { minutes: number; plannedEnd: boolean; startedAt: string; endedAt: string } {
  if (row.source === 'shift')
    return {
      minutes: shiftEntryMinutes({ startsAt: row.at, endsAt: row.scheduled_end }),
      plannedEnd: false,
      startedAt: row.at,
      endedAt: row.scheduled_end,
    };
  const entry = activityEntryMinutes({
    checkedInAt: row.checked_in_at!,
    checkedOutAt: row.checked_out_at,
    scheduledEndAt: row.scheduled_end,
  });
  return {
    minutes: entry.minutes,
    plannedEnd: entry.plannedEnd,
    startedAt: row.checked_in_at!,
    endedAt: entry.endedAt,
  };
}

function minutesOf(row: repo.HourRow): number {
  return row.corrected_minutes ?? originalOf(row).minutes;
}

/** Who an entry is: the resident record when the volunteer has one, else the login. */
function personKey(row: { resident_id: number | null; user_id: number | null }): string {
  return row.resident_id !== null ? `r${row.resident_id}` : `u${row.user_id}`;
}

function filterOf(q: {
  from: string;
  to: string;
  communityId?: number;
  residentId?: number;
  userId?: number;
}): repo.HourFilter {
  const window = countyDaysWindow(q.from, q.to);
  return {
    fromInstant: window.from,
    toInstant: window.to,
    fromDate: q.from,
    toDate: q.to,
    communityId: q.communityId,
    residentId: q.residentId,
    userId: q.userId,
  };
}

async function rowsOf(db: Db | Trx, filter: repo.HourFilter): Promise<repo.HourRow[]> {
  const [activities, shifts] = await Promise.all([
    repo.activityHourRows(db, filter).execute(),
    repo.shiftHourRows(db, filter).execute(),
  ]);
  return [...(activities as repo.HourRow[]), ...(shifts as repo.HourRow[])];
}

export interface VolunteerHoursSum {
  /** hours with one decimal */
  hours: number;
  /** distinct people (a resident, or a volunteer login without one) with at least one entry in the period */
  volunteers: number;
  byCommunity: { communityId: number; hours: number; volunteers: number }[];
}

/**
 * Volunteer hours of a period (county dates, both inclusive), for the county or one community
 * (the volunteer's community): what the dashboard and the reports show. Entries count with their
 * latest correction; a resident with entries adding up to nothing still counts as a volunteer.
 */
export async function sumVolunteerHours(
  db: Db | Trx,
  q: { from: string; to: string; communityId?: number },
): Promise<VolunteerHoursSum> {
  const rows = await rowsOf(db, filterOf(q));
  let total = 0;
  const people = new Set<string>();
  const communities = new Map<number, { minutes: number; people: Set<string> }>();
  for (const row of rows) {
    const minutes = minutesOf(row);
    total += minutes;
    people.add(personKey(row));
    const c = communities.get(row.community_id) ?? { minutes: 0, people: new Set<string>() };
    c.minutes += minutes;
    c.people.add(personKey(row));
    communities.set(row.community_id, c);
  }
  return {
    hours: hoursOfMinutes(total),
    volunteers: people.size,
    byCommunity: [...communities.entries()]
      .sort(([a], [b]) => a - b)
      .map(([communityId, c]) => ({ communityId, hours: hoursOfMinutes(c.minutes), volunteers: c.people.size })),
  };
}

export interface VolunteerHoursRow {
  source: HourSource;
  sourceId: number;
  residentId: number | null;
  userId: number | null;
  residentName: string;
  communityId: number;
  date: string;
  title: string;
  startedAt: string;
  endedAt: string;
  plannedEnd: boolean;
  originalMinutes: number;
  minutes: number;
  hours: number;
  version: number;
}

function entryOf(row: repo.HourRow): VolunteerHoursRow {
  const original = originalOf(row);
  const minutes = row.corrected_minutes ?? original.minutes;
  return {
    source: row.source,
    sourceId: row.source_id,
    residentId: row.resident_id === null ? null : Number(row.resident_id),
    userId: row.user_id === null ? null : Number(row.user_id),
    residentName: row.resident_name,
    communityId: Number(row.community_id),
    date: row.date ?? countyDateOf(new Date(row.at)),
    title: row.title,
    startedAt: original.startedAt,
    endedAt: original.endedAt,
    plannedEnd: original.plannedEnd,
    originalMinutes: original.minutes,
    minutes,
    hours: hoursOfMinutes(minutes),
    version: row.version ?? 0,
  };
}

/** Where the next page starts: pass it back as `after`. */
export type VolunteerHoursCursor = repo.HourCursor;

/**
 * One page of entries in (scheduled start, source, id) order, for lists and a streaming Excel
 * export: call again with `after: page.next` until `next` is null. Each source is read from its
 * index up to `limit` rows past the cursor, and the two are merged, so a page costs the same
 * wherever it is.
 */
export async function listVolunteerHours(
  db: Db | Trx,
  q: {
    from: string;
    to: string;
    communityId?: number;
    residentId?: number;
    userId?: number;
    after?: VolunteerHoursCursor;
    limit?: number;
  },
): Promise<{ rows: VolunteerHoursRow[]; next: VolunteerHoursCursor | null }> {
  const limit = q.limit ?? 500;
  const filter = { ...filterOf(q), after: q.after, limit };
  const merged = (await rowsOf(db, filter)).sort(
    (a, b) =>
      (a.at < b.at ? -1 : a.at > b.at ? 1 : 0) ||
      (a.source === b.source ? 0 : a.source === 'activity' ? -1 : 1) ||
      a.source_id - b.source_id,
  );
  const page = merged.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map(entryOf),
    next: page.length === limit && last ? { at: last.at, source: last.source, id: last.source_id } : null,
  };
}

async function allEntries(
  db: Db | Trx,
  q: { from: string; to: string; residentId?: number; userId?: number },
): Promise<THoursEntry[]> {
  const rows: VolunteerHoursRow[] = [];
  let after: VolunteerHoursCursor | undefined;
  for (;;) {
    const page = await listVolunteerHours(db, { ...q, after });
    rows.push(...page.rows);
    if (!page.next) break;
    after = page.next;
  }
  const corrections = await repo.correctionsOf(
    db,
    rows.filter((r) => r.version > 0).map((r) => ({ source: r.source, sourceId: r.sourceId })),
  );
  return rows.map((r) => ({
    source: r.source,
    sourceId: r.sourceId,
    residentId: r.residentId,
    userId: r.userId,
    date: r.date,
    title: r.title,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    plannedEnd: r.plannedEnd,
    originalMinutes: r.originalMinutes,
    minutes: r.minutes,
    hours: r.hours,
    version: r.version,
    corrections: corrections
      .filter((c) => c.source === r.source && Number(c.source_id) === r.sourceId)
      .map((c) => ({
        version: c.version,
        minutesBefore: c.minutes_before,
        minutes: c.minutes,
        reason: c.reason,
        correctedByName: c.corrected_by_name,
        correctedAt: c.corrected_at,
      })),
  }));
}

function totalsOf(entries: THoursEntry[]) {
  const totalMinutes = entries.reduce((sum, e) => sum + e.minutes, 0);
  return { totalMinutes, totalHours: hoursOfMinutes(totalMinutes) };
}

/** The first day a resident's history reaches back to: the platform has no volunteer hours before it. */
const HISTORY_FROM = '2020-01-01';

/**
 * 我的志愿时长: the signed-in volunteer's total and every entry, newest first — a resident's, or, for
 * a volunteer login without a resident record, the shifts served under the login.
 */
export async function myVolunteerHours({ deps, actor }: { deps: AppDeps; actor: Actor }) {
  const to = countyDateOf(deps.clock.now());
  if (!actor.resident) {
    const user = await repo.findVolunteerUserForHours(deps.db, actor.userId);
    if (user?.community_id == null) throw new AppError('FORBIDDEN', { message: '请用居民或志愿者账号查看志愿时长' });
    const entries = (await allEntries(deps.db, { from: HISTORY_FROM, to, userId: actor.userId })).reverse();
    return { residentName: user.name, ...totalsOf(entries), entries };
  }
  const resident = (await repo.findResidentForHours(deps.db, actor.resident.id))!;
  const entries = (await allEntries(deps.db, { from: HISTORY_FROM, to, residentId: resident.id })).reverse();
  return { residentName: resident.name, ...totalsOf(entries), entries };
}

/** 志愿服务时长 in the console: each volunteer's total for a period, in the staff member's communities. */
export async function volunteerTotals({
  deps,
  actor,
  query,
}: {
  deps: AppDeps;
  actor: Actor;
  query: { from: string; to: string; communityId?: number };
}) {
  const scope = staffCommunityIds(actor);
  if (query.communityId !== undefined && !canStaffCommunity(actor, query.communityId))
    throw new AppError('FORBIDDEN', { message: '只能查看本社区的志愿时长' });
  const communityIds = query.communityId !== undefined ? [query.communityId] : scope;
  const rows: VolunteerHoursRow[] = [];
  for (const communityId of communityIds === 'all' ? [undefined] : communityIds) {
    let after: VolunteerHoursCursor | undefined;
    for (;;) {
      const page = await listVolunteerHours(deps.db, { ...query, communityId, after });
      rows.push(...page.rows);
      if (!page.next) break;
      after = page.next;
    }
  }
  const people = new Map<
    string,
    {
      residentId: number | null;
      userId: number | null;
      name: string;
      communityId: number;
      entries: number;
      minutes: number;
    }
  >();
  for (const r of rows) {
    const key = personKey({ resident_id: r.residentId, user_id: r.userId });
    const p = people.get(key) ?? {
      residentId: r.residentId,
      userId: r.userId,
      name: r.residentName,
      communityId: r.communityId,
      entries: 0,
      minutes: 0,
    };
    p.entries += 1;
    p.minutes += r.minutes;
    people.set(key, p);
  }
  const names = new Map(
    (await repo.communityNames(deps.db, [...new Set([...people.values()].map((p) => p.communityId))])).map((c) => [
      Number(c.id),
      c.name,
    ]),
  );
  const total = [...people.values()].reduce((sum, p) => sum + p.minutes, 0);
  return {
    from: query.from,
    to: query.to,
    hours: hoursOfMinutes(total),
    volunteers: people.size,
    rows: [...people.values()]
      .map((p) => ({
        residentId: p.residentId,
        userId: p.userId,
        name: p.name,
        communityId: p.communityId,
        communityName: names.get(p.communityId) ?? '',
        entries: p.entries,
        minutes: p.minutes,
        hours: hoursOfMinutes(p.minutes),
      }))
      .sort(
        (a, b) =>
          b.minutes - a.minutes ||
          (a.residentId ?? Infinity) - (b.residentId ?? Infinity) ||
          (a.userId ?? 0) - (b.userId ?? 0),
      ),
  };
}

async function residentInScope(db: Db | Trx, actor: Actor, residentId: number) {
  const resident = await repo.findResidentForHours(db, residentId);
  if (!resident) throw new AppError('NOT_FOUND');
  if (!canStaffCommunity(actor, resident.community_id))
    throw new AppError('FORBIDDEN', { message: '只能查看本社区居民的志愿时长' });
  return resident;
}

/** One person's entries for a period: the console's detail and the 志愿服务时长证明. */
export async function personVolunteerHours({
  deps,
  actor,
  residentId,
  query,
}: {
  deps: AppDeps;
  actor: Actor;
  residentId: number;
  query: { from: string; to: string };
}) {
  const resident = await residentInScope(deps.db, actor, residentId);
  const entries = await allEntries(deps.db, { ...query, residentId });
  return {
    centerName: (await centerOf(deps)).name,
    from: query.from,
    to: query.to,
    resident: {
      id: Number(resident.id),
      userId: null,
      name: resident.name,
      idNumberMasked: resident.id_number_masked,
      communityName: resident.community_name,
    },
    ...totalsOf(entries),
    entries,
  };
}

/**
 * One volunteer login's entries for a period when it has no resident record (its shifts), for the
 * console's detail and the 志愿服务时长证明: the name is the login's, there is no ID number. Staff of the
 * volunteer role's community (or the center) may see it.
 */
export async function userVolunteerHours({
  deps,
  actor,
  userId,
  query,
}: {
  deps: AppDeps;
  actor: Actor;
  userId: number;
  query: { from: string; to: string };
}) {
  const user = await repo.findVolunteerUserForHours(deps.db, userId);
  if (!user) throw new AppError('NOT_FOUND');
  if (user.resident_id !== null)
    return personVolunteerHours({ deps, actor, residentId: Number(user.resident_id), query });
  if (user.community_id === null) throw new AppError('NOT_FOUND');
  const communityId = Number(user.community_id);
  if (!canStaffCommunity(actor, communityId))
    throw new AppError('FORBIDDEN', { message: '只能查看本社区志愿者的志愿时长' });
  const entries = await allEntries(deps.db, { ...query, userId });
  return {
    centerName: (await centerOf(deps)).name,
    from: query.from,
    to: query.to,
    resident: {
      id: null,
      userId: Number(user.id),
      name: user.name,
      idNumberMasked: null,
      communityName: (await repo.communityNames(deps.db, [communityId]))[0]?.name ?? '',
    },
    ...totalsOf(entries),
    entries,
  };
}

/**
 * 更正: staff of the volunteer's community (or the center) set what an entry counts, with a reason.
 * The original stays; the correction is a new version of the entry. The staff member names the
 * version they saw: if someone corrected it meanwhile, the insert meets the unique version key (or
 * the check below) and the second is told to reload — neither correction is lost silently.
 */
export async function correctVolunteerHours({
  deps,
  actor,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  data: THoursCorrection;
}) {
  const row = await repo.findHourRow(deps.db, data.source, data.sourceId);
  if (!row) throw new AppError('NOT_FOUND', { message: '没有找到这条志愿时长记录' });
  if (!canStaffCommunity(actor, row.community_id))
    throw new AppError('FORBIDDEN', { message: '只能更正本社区居民的志愿时长' });
  const current = row.version ?? 0;
  if (data.version !== current) throw new AppError('HOURS_CHANGED');
  const before = minutesOf(row);
  if (before === data.minutes)
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'minutes', message: '与现在的时长相同' }] });
  const version = current + 1;
  return deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertCorrection(trx, {
      source: data.source,
      sourceId: data.sourceId,
      residentId: row.resident_id === null ? null : Number(row.resident_id),
      version,
      minutesBefore: before,
      minutes: data.minutes,
      reason: data.reason,
      by: actor.userId,
      at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps, actor, {
      action: 'hours.corrected',
      targetType: 'volunteer_hour_correction',
      targetId: id,
      communityId: row.community_id,
      onBehalfResidentId: row.resident_id === null ? undefined : Number(row.resident_id),
      summary: `更正志愿时长：${row.resident_name}「${row.title}」${hoursOfMinutes(before)} → ${hoursOfMinutes(data.minutes)} 小时（${data.reason}）`,
    });
    return { minutes: data.minutes, hours: hoursOfMinutes(data.minutes), version };
  });
}

// Exports (导出) ---------------------------------------------------------------------------------

type HoursSheetRow = VolunteerHoursRow & {
  community_name: string;
  source_label: string;
  planned_end_label: string;
  corrected_label: string;
};

const HOURS_COLUMNS: XlsxColumn<HoursSheetRow>[] = [
  { header: '日期', key: 'date', width: 12, kind: 'date' },
  { header: '志愿者', key: 'residentName', width: 10, kind: 'text' },
  { header: '社区', key: 'community_name', width: 16, kind: 'text' },
  { header: '来源', key: 'source_label', width: 8, kind: 'text' },
  { header: '内容', key: 'title', width: 28, kind: 'text' },
  { header: '开始', key: 'startedAt', width: 18, kind: 'datetime' },
  { header: '结束', key: 'endedAt', width: 18, kind: 'datetime' },
  { header: '结束时间说明', key: 'planned_end_label', width: 16, kind: 'text' },
  { header: '时长（分钟）', key: 'minutes', width: 10, kind: 'integer' },
  { header: '时长（小时）', key: 'hours', width: 10, kind: 'number' },
  { header: '更正', key: 'corrected_label', width: 8, kind: 'text' },
];

/**
 * Every volunteer-hours entry of a period as Excel, in the scope of the 志愿服务时长 list (`volunteerTotals`):
 * a community's staff their communities, the center every one. Paged through `listVolunteerHours`.
 */
export async function exportVolunteerHours({
  deps,
  actor,
  query,
}: {
  deps: AppDeps;
  actor: Actor;
  query: { from: string; to: string; communityId?: number };
}): Promise<XlsxSheet<HoursSheetRow>> {
  const scope = staffCommunityIds(actor);
  if (query.communityId !== undefined && !canStaffCommunity(actor, query.communityId))
    throw new AppError('FORBIDDEN', { message: '只能导出本社区的志愿时长' });
  const communityIds = query.communityId !== undefined ? [query.communityId] : scope;
  const names = new Map<number, string>();
  const nameOf = async (id: number) => {
    if (!names.has(id)) names.set(id, (await repo.communityNames(deps.db, [id]))[0]?.name ?? '');
    return names.get(id)!;
  };
  const rows = async function* (): AsyncGenerator<HoursSheetRow> {
    for (const communityId of communityIds === 'all' ? [undefined] : communityIds) {
      let after: VolunteerHoursCursor | undefined;
      for (;;) {
        const page = await listVolunteerHours(deps.db, { from: query.from, to: query.to, communityId, after });
        for (const r of page.rows) {
          yield {
            ...r,
            community_name: await nameOf(r.communityId),
            source_label: r.source === 'activity' ? '志愿活动' : '值班',
            planned_end_label: r.plannedEnd ? '未签退，按计划结束' : '',
            corrected_label: r.version > 0 ? '已更正' : '',
          };
        }
        if (!page.next) break;
        after = page.next;
      }
    }
  };
  const place = query.communityId !== undefined ? await nameOf(query.communityId) : '全部可见社区';
  return {
    filename: `志愿服务时长-${place}-${query.from}至${query.to}`,
    sheetName: '志愿服务时长',
    columns: HOURS_COLUMNS,
    rows: auditedExport(
      deps,
      actor,
      {
        what: '志愿服务时长',
        filters: { 社区: place, 时段: `${query.from}至${query.to}` },
        targetType: 'volunteer_hours',
        communityId: query.communityId,
      },
      rows(),
    ),
  };
}
