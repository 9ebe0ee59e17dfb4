// @vitest-environment happy-dom
import type { TStaffActivity } from '@zhongli/domain';
import { describe, expect, it } from 'vitest';
import { clashesFor, groupByCommunity, groupByDay } from './grouping';

function activity(id: number, over: Partial<TStaffActivity> = {}): TStaffActivity {
  return {
    id,
    communityId: 1,
    communityName: '东城社区',
    title: `活动${id}`,
    category: '健康讲座',
    venue: '党群服务中心',
    venueId: 1,
    startsAt: '2026-12-08T09:00:00+08:00',
    endsAt: '2026-12-08T11:00:00+08:00',
    week: '2026-W50',
    capacity: 30,
    registered: 0,
    remaining: 30,
    waitlisted: 0,
    status: 'submitted',
    changed: false,
    changedAt: null,
    changeNote: null,
    cancelReason: null,
    description: null,
    points: null,
    volunteerService: false,
    partners: [],
    answersNeeds: [],
    sponsors: [],
    returnReason: null,
    pointsRuleId: null,
    publishedAt: null,
    createdAt: '2026-11-30T00:00:00Z',
    updatedAt: '2026-11-30T00:00:00Z',
    ...over,
  };
}

describe('grouping the menu', () => {
  it('groups by county day in time order, across the UTC midnight', () => {
    const days = groupByDay([
      activity(1, { startsAt: '2026-12-09T14:00:00+08:00' }),
      activity(2, { startsAt: '2026-12-08T15:00:00+08:00' }),
      activity(3, { startsAt: '2026-12-08T00:30:00Z' }), // 08:30 on the 8th in the county
      activity(4, { startsAt: '2026-12-08T17:00:00Z' }), // 01:00 on the 9th in the county
    ]);
    expect(days.map((d) => d.label)).toEqual(['12月8日 周二', '12月9日 周三']);
    expect(days[0]!.activities.map((a) => a.id)).toEqual([3, 2]);
    expect(days[1]!.activities.map((a) => a.id)).toEqual([4, 1]);
  });

  it('groups by community', () => {
    const groups = groupByCommunity([
      activity(1, { communityId: 2, communityName: '西城社区' }),
      activity(2),
      activity(3, { communityId: 2, communityName: '西城社区', startsAt: '2026-12-07T09:00:00+08:00' }),
    ]);
    expect(groups.map((g) => [g.communityName, g.activities.map((a) => a.id)])).toEqual([
      ['东城社区', [2]],
      ['西城社区', [3, 1]],
    ]);
  });
});

describe('clashes per activity', () => {
  const list = [
    activity(1, { title: '健康讲座' }),
    activity(2, {
      title: '艾灸培训',
      communityName: '西城社区',
      partners: [{ id: 7, name: '县中医院', kind: 'institution', kindLabel: '专业机构', merchantId: null }],
    }),
    activity(3, {
      title: '爱心义诊',
      partners: [{ id: 7, name: '县中医院', kind: 'institution', kindLabel: '专业机构', merchantId: null }],
    }),
  ];
  const clashes = [
    { kind: 'venue' as const, venueId: 1, activityIds: [1, 2] as [number, number] },
    { kind: 'partner' as const, partnerId: 7, activityIds: [2, 3] as [number, number] },
  ];

  it('puts the warning on both activities, naming the other one', () => {
    expect(clashesFor(1, clashes, list)).toEqual([
      { kind: 'venue', label: '场地冲突', otherId: 2, text: '与 西城社区「艾灸培训」 时间重叠，同用 党群服务中心' },
    ]);
    expect(clashesFor(2, clashes, list).map((n) => [n.label, n.otherId])).toEqual([
      ['场地冲突', 1],
      ['合作方冲突', 3],
    ]);
    expect(clashesFor(3, clashes, list)[0]!.text).toBe('与 西城社区「艾灸培训」 时间重叠，都请了 县中医院');
  });

  it('has nothing for an activity without clashes', () => {
    expect(clashesFor(4, clashes, list)).toEqual([]);
  });
});
