import { countyInstant, shiftWeek, weekMonday, weekOfInstant } from '@zhongli/domain';
import type { Actor } from '../platform/actor.js';
import type { AppDeps } from '../platform/deps.js';
import { fixedClock } from '../platform/clock.js';
import { approveActivity, createActivity, submitActivity } from '../modules/activities/index.js';
import { createPartner } from '../modules/partners/index.js';
import { checkIn, prepareCheckIn, register } from '../modules/activities/index.js';
import { publishWeek } from '../modules/menus/index.js';
import { publishResult } from '../modules/publicity/index.js';
import { seededRandom } from './names.js';

/** The article's example week (下周活动预告 of 16 November), community by community. */
const WEEK: Record<
  string,
  {
    title: string;
    category: string;
    venue: string;
    day: number;
    hour: number;
    capacity: number | null;
    partner?: string;
    need?: string;
  }[]
> = {
  东城社区: [
    {
      title: '冬季养生健康讲座',
      category: '健康讲座',
      venue: '党群服务中心',
      day: 1,
      hour: 9,
      capacity: 40,
      partner: '县中医院志愿服务队',
      need: '想听听冬天老年人怎么养生',
    },
    { title: '楼道环保隐患排查', category: '环保排查', venue: '社区活动室', day: 3, hour: 14.5, capacity: 15 },
  ],
  西城社区: [
    {
      title: '艾灸培训',
      category: '艾灸培训',
      venue: '党群服务中心',
      day: 1,
      hour: 14.5,
      capacity: 20,
      partner: '县中医院志愿服务队',
    },
    { title: '抖音反诈直播', category: '反诈直播', venue: '直播间', day: 2, hour: 19, capacity: null },
    {
      title: '草编培训',
      category: '草编培训',
      venue: '手工坊',
      day: 4,
      hour: 9,
      capacity: 12,
      partner: '草编非遗传承人工作室',
    },
  ],
  苗圃社区: [
    {
      title: '书画艺术交流',
      category: '书画交流',
      venue: '书画室',
      day: 0,
      hour: 9,
      capacity: 20,
      need: '希望有书法、国画交流',
    },
    { title: '古琴课堂', category: '古琴课堂', venue: '排练厅', day: 1, hour: 15, capacity: 10 },
    {
      title: '爱心义诊',
      category: '爱心义诊',
      venue: '健康小屋',
      day: 4,
      hour: 8.5,
      capacity: null,
      partner: '县中医院志愿服务队',
    },
    { title: '爱心理发', category: '爱心理发', venue: '1元理发屋', day: 4, hour: 8.5, capacity: 25 },
    { title: '读书会', category: '读书会', venue: '党群服务中心', day: 5, hour: 15, capacity: 20 },
  ],
  银光社区: [
    { title: '邻里共舞', category: '邻里共舞', venue: '文体广场', day: 0, hour: 19, capacity: null },
    {
      title: '社保政策服务',
      category: '社保服务',
      venue: '党群服务中心',
      day: 2,
      hour: 9,
      capacity: 30,
      need: '不会在手机上办社保认证',
    },
    {
      title: '普法宣传',
      category: '普法宣传',
      venue: '党群服务中心',
      day: 3,
      hour: 9,
      capacity: 40,
      partner: '县法律援助中心',
    },
    { title: '健康讲座：三高防治', category: '健康讲座', venue: '党群服务中心', day: 5, hour: 9, capacity: 40 },
  ],
  西湖社区: [
    { title: '瑜伽课堂', category: '瑜伽课堂', venue: '瑜伽室', day: 2, hour: 18.5, capacity: 16 },
    {
      title: '消防安全排查',
      category: '消防安全排查',
      venue: '党群服务中心',
      day: 4,
      hour: 9,
      capacity: null,
      partner: '县消防救援大队',
    },
  ],
};

const PARTNERS: { kind: 'unit' | 'inheritor' | 'institution'; name: string; community?: string }[] = [
  { kind: 'institution', name: '县中医院志愿服务队' },
  { kind: 'institution', name: '县法律援助中心' },
  { kind: 'unit', name: '县消防救援大队' },
  { kind: 'inheritor', name: '草编非遗传承人工作室', community: '西城社区' },
];

const HOUR = 3_600_000;

/**
 * Runs the four steps once for the current week through the real use cases — submitted before
 * last Thursday's deadline, approved and published by the center, signed up, checked in (with
 * points) and reported for what has already happened; next week is published with a few
 * sign-ups; the week after is submitted and waits for the center's review.
 */
export async function seedDemoMenu(
  deps: AppDeps,
  staffByCommunity: Map<number, Actor>,
  admin: Actor,
  now: Date,
): Promise<void> {
  const random = seededRandom(316);
  const communities = new Map(
    (await deps.db.selectFrom('communities').select(['id', 'name']).execute()).map((c) => [c.name, c.id]),
  );
  const venues = await deps.db.selectFrom('venues').select(['id', 'community_id', 'name']).execute();
  const rules = await deps.db
    .selectFrom('points_rules')
    .select(['id', 'community_id'])
    .where('code', '=', 'ACTIVITY')
    .execute();

  const clock = fixedClock(now);
  const seedDeps: AppDeps = { ...deps, clock };
  const thisWeek = weekOfInstant(now);
  const monday = Date.parse(countyInstant(weekMonday(thisWeek)));

  const partners = new Map<string, number>();
  for (const p of PARTNERS) {
    const { id } = await createPartner({
      deps,
      actor: admin,
      data: { kind: p.kind, name: p.name, ...(p.community ? { communityId: communities.get(p.community)! } : {}) },
    });
    partners.set(p.name, id);
  }

  // Residents' needs (居民点单), with supports from their neighbours.
  const needs = new Map<string, number>();
  for (const [name, list] of Object.entries(WEEK)) {
    const communityId = communities.get(name)!;
    const residents = await deps.db
      .selectFrom('residents')
      .select('id')
      .where('community_id', '=', communityId)
      .orderBy('id')
      .execute();
    for (const [i, entry] of list.filter((e) => e.need).entries()) {
      const supporters = residents.slice(1 + i, 6 + i * 3);
      const need = await deps.db
        .insertInto('needs')
        .values({
          community_id: communityId,
          resident_id: residents[i]!.id,
          category: entry.category.includes('健康') ? '健康' : entry.category === '社保服务' ? '便民' : '文体',
          text: entry.need!,
          supports: supporters.length,
          created_at: new Date(monday - 10 * 24 * HOUR).toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (supporters.length)
        await deps.db
          .insertInto('need_supports')
          .values(
            supporters.map((s) => ({
              need_id: need.id,
              resident_id: s.id,
              created_at: new Date(monday - 9 * 24 * HOUR).toISOString(),
            })),
          )
          .execute();
      needs.set(entry.need!, need.id);
    }
  }

  const plan = async (week: string, submit: boolean, approve: boolean) => {
    const weekStart = Date.parse(countyInstant(weekMonday(week)));
    const ids: { id: number; communityId: number; startsAt: number; endsAt: number }[] = [];
    for (const [name, list] of Object.entries(WEEK)) {
      const communityId = communities.get(name)!;
      const staff = staffByCommunity.get(communityId)!;
      for (const entry of list) {
        const startsAt = weekStart + entry.day * 24 * HOUR + entry.hour * HOUR;
        const endsAt =
          startsAt + (entry.category === '爱心理发' || entry.category === '爱心义诊' ? 3 * HOUR : 2 * HOUR);
        const venue = venues.find((v) => v.community_id === communityId && v.name === entry.venue);
        const { id } = await createActivity({
          deps: seedDeps,
          actor: staff,
          data: {
            communityId,
            title: entry.title,
            category: entry.category,
            ...(venue ? { venueId: venue.id } : { place: entry.venue }),
            startsAt: new Date(startsAt).toISOString(),
            endsAt: new Date(endsAt).toISOString(),
            capacity: entry.capacity,
            pointsRuleId: rules.find((r) => r.community_id === communityId)?.id ?? null,
            partnerIds: entry.partner ? [partners.get(entry.partner)!] : [],
            needIds: entry.need ? [needs.get(entry.need)!] : [],
            description: `${name}${entry.title}，欢迎居民报名参加。`,
          },
        });
        if (submit) await submitActivity({ deps: seedDeps, actor: staff, activityId: id });
        if (approve) await approveActivity({ deps: seedDeps, actor: admin, activityId: id });
        ids.push({ id, communityId, startsAt, endsAt });
      }
    }
    return ids;
  };

  // This week: planned a week ahead, before last Thursday's deadline, and published.
  clock.set(new Date(monday - 7 * 24 * HOUR + 10 * HOUR));
  const current = await plan(thisWeek, true, true);
  clock.set(new Date(monday - 3 * 24 * HOUR));
  await publishWeek({ deps: seedDeps, actor: admin, week: thisWeek });

  // Sign-ups over the weekend before, mostly at the desk (代报名).
  clock.set(new Date(monday - 2 * 24 * HOUR));
  for (const activity of current) {
    const residents = await deps.db
      .selectFrom('residents')
      .select('id')
      .where('community_id', '=', activity.communityId)
      .orderBy('id')
      .execute();
    const staff = staffByCommunity.get(activity.communityId)!;
    const count = 3 + Math.floor(random() * 8);
    for (const resident of residents.slice(0, count)) {
      await deps.db
        .transaction()
        .execute((trx) => register(trx, seedDeps, { actor: staff, activityId: activity.id, residentId: resident.id }));
    }
  }

  // What has already happened: check-ins (points awarded with them) and the published result.
  for (const activity of current.filter((a) => a.endsAt < now.getTime())) {
    const staff = staffByCommunity.get(activity.communityId)!;
    const registered = await deps.db
      .selectFrom('registrations')
      .select('resident_id')
      .where('activity_id', '=', activity.id)
      .where('status', '=', 'registered')
      .execute();
    clock.set(new Date(activity.startsAt + 10 * 60_000));
    for (const r of registered.filter(() => random() < 0.85)) {
      const prepared = await prepareCheckIn({
        deps: seedDeps,
        actor: staff,
        activityId: activity.id,
        data: { residentId: r.resident_id },
      });
      await deps.db.transaction().execute((trx) => checkIn(trx, seedDeps, { actor: staff, prepared }));
    }
    clock.set(new Date(activity.endsAt + HOUR));
    const partner = await deps.db
      .selectFrom('activity_partners')
      .select('partner_id')
      .where('activity_id', '=', activity.id)
      .execute();
    await publishResult({
      deps: seedDeps,
      actor: staff,
      activityId: activity.id,
      data: {
        summary: '活动顺利举行，居民参与热情很高。感谢各方的支持！下周菜单已在公众号和平台发布，欢迎继续报名。',
        thankedPartnerIds: partner.map((p) => p.partner_id),
      },
    });
  }

  // Next week: planned this Monday (before Thursday's deadline) and published, a few sign-ups so far.
  const nextWeek = shiftWeek(thisWeek, 1);
  clock.set(new Date(Math.min(now.getTime(), monday + 10 * HOUR)));
  const upcoming = await plan(nextWeek, true, true);
  clock.set(now);
  await publishWeek({ deps: seedDeps, actor: admin, week: nextWeek });
  for (const activity of upcoming.filter((_, i) => i % 2 === 0)) {
    const residents = await deps.db
      .selectFrom('residents')
      .select('id')
      .where('community_id', '=', activity.communityId)
      .orderBy('id', 'desc')
      .limit(3)
      .execute();
    for (const resident of residents) {
      await deps.db.transaction().execute((trx) =>
        register(trx, seedDeps, {
          actor: staffByCommunity.get(activity.communityId)!,
          activityId: activity.id,
          residentId: resident.id,
        }),
      );
    }
  }

  // The week after: submitted by the communities, waiting for the center's review (its deadline is next Thursday).
  await plan(shiftWeek(thisWeek, 2), true, false);
}
