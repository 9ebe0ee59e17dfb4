import type { TClash } from '@zhongli/domain';
import type { TPublicActivity, TStaffActivity } from '@zhongli/domain';
import { countyDateOf } from '@zhongli/domain';
import { formatDateZh } from '../../shared/dates';

export interface DayGroup<A> {
  date: string;
  /** '12月8日 周二' */
  label: string;
  activities: A[];
}

/** Activities by county day, each day and each day's activities in time order. */
export function groupByDay<A extends Pick<TPublicActivity, 'startsAt' | 'title'>>(activities: A[]): DayGroup<A>[] {
  const byDate = new Map<string, A[]>();
  const sorted = [...activities].sort(
    (a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.title.localeCompare(b.title, 'zh'),
  );
  for (const activity of sorted) {
    const date = countyDateOf(new Date(activity.startsAt));
    const list = byDate.get(date) ?? [];
    list.push(activity);
    byDate.set(date, list);
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, list]) => ({ date, label: formatDateZh(date), activities: list }));
}

/** Activities by community, in the order the communities are given (or by name). */
export function groupByCommunity<A extends Pick<TStaffActivity, 'communityId' | 'communityName' | 'startsAt'>>(
  activities: A[],
): { communityId: number; communityName: string; activities: A[] }[] {
  const groups = new Map<number, { communityId: number; communityName: string; activities: A[] }>();
  for (const activity of activities) {
    const group = groups.get(activity.communityId) ?? {
      communityId: activity.communityId,
      communityName: activity.communityName,
      activities: [],
    };
    group.activities.push(activity);
    groups.set(activity.communityId, group);
  }
  for (const group of groups.values()) group.activities.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  return [...groups.values()].sort((a, b) => a.communityId - b.communityId);
}

export interface ClashNote {
  kind: TClash['kind'];
  /** '场地冲突' / '合作方冲突' */
  label: string;
  otherId: number;
  /** '与 西城社区「艾灸培训」（12月8日 周二 上午 9:00）时间重叠，同用 党群服务中心' */
  text: string;
}

/**
 * The clashes one activity is part of, each naming the other activity — so both sides of a
 * clash carry the warning in the review list.
 */
export function clashesFor(
  activityId: number,
  clashes: TClash[],
  activities: Pick<TStaffActivity, 'id' | 'title' | 'communityName' | 'venue' | 'partners'>[],
): ClashNote[] {
  const notes: ClashNote[] = [];
  for (const clash of clashes) {
    const [a, b] = clash.activityIds;
    if (a !== activityId && b !== activityId) continue;
    const otherId = a === activityId ? b : a;
    const other = activities.find((x) => x.id === otherId);
    const self = activities.find((x) => x.id === activityId);
    const otherName = other ? `${other.communityName}「${other.title}」` : `活动 #${otherId}`;
    if (clash.kind === 'venue') {
      const venue = self?.venue ?? other?.venue;
      notes.push({
        kind: 'venue',
        label: '场地冲突',
        otherId,
        text: `与 ${otherName} 时间重叠${venue ? `，同用 ${venue}` : ''}`,
      });
    } else {
      const partner =
        self?.partners.find((p) => p.id === clash.partnerId) ?? other?.partners.find((p) => p.id === clash.partnerId);
      notes.push({
        kind: 'partner',
        label: '合作方冲突',
        otherId,
        text: `与 ${otherName} 时间重叠${partner ? `，都请了 ${partner.name}` : ''}`,
      });
    }
  }
  return notes;
}
