import { countyDateOf, countyInstant } from '@zhongli/domain';
import type { Actor } from '../platform/actor.js';
import type { AppDeps } from '../platform/deps.js';
import { fixedClock } from '../platform/clock.js';
import { awardByRule, publishRuleVersion } from '../modules/points/index.js';
import { seededRandom } from './names.js';

/** The rules each demo community posts on its wall (积分管理办法) and its exchange rules (兑换细则). */
export const DEMO_RULES = [
  {
    code: 'VOLUNTEER',
    name: '志愿服务（每次满2小时）',
    category: '志愿服务',
    points: 10,
    description: '参加社区组织的志愿服务，由带队工作人员确认时长。',
    caps: { perDay: 1 },
  },
  {
    code: 'CLEANUP',
    name: '环境整治',
    category: '环境整治',
    points: 5,
    description: '清扫楼道、清理小广告、整治乱堆乱放。',
    caps: { perDay: 2, perWeek: 5 },
  },
  {
    code: 'ACTIVITY',
    name: '参加社区活动并签到',
    category: '活动参与',
    points: 3,
    description: '参加每周菜单中的活动，现场扫码签到即得。',
    caps: { perDay: 2 },
  },
  {
    code: 'NEIGHBOUR',
    name: '邻里互助（帮扶独居老人等）',
    category: '邻里互助',
    points: 8,
    description: '经网格员确认的帮扶行动。',
    caps: { perWeek: 3 },
  },
  {
    code: 'SORTING',
    name: '垃圾分类督导',
    category: '文明实践',
    points: 5,
    description: '在分类投放点值守督导一次。',
    caps: { perDay: 1 },
  },
  {
    code: 'FESTIVAL',
    name: '节日活动志愿者',
    category: '志愿服务',
    points: 20,
    description: '重阳节、邻里节等大型活动的志愿者。',
    caps: { perMonth: 2 },
  },
];

export const DEMO_EXCHANGE_RULES = [
  '一、积分可在社区益家兑换货架上标有蓝色积分标签的物品，或兑换沿街商铺的代金券；不能兑换现金。',
  '二、兑换时请出示会员卡或报手机号，由工作人员在系统中登记，当场打印兑换凭条。',
  '三、积分长期有效，余额和每一笔明细都可在手机上查看；发现错误请到服务台申请更正。',
  '四、物品数量有限，兑完即止；每人每月同一物品兑换次数以货架标签为准。',
].join('\n');

/**
 * Publishes the demo rules in every community and awards points over the last three months
 * through the real use cases, so statements, the honour roll and the integrity check have
 * something true to show.
 */
export async function seedDemoPoints(deps: AppDeps, staffByCommunity: Map<number, Actor>, now: Date): Promise<void> {
  const random = seededRandom(9_5_15);
  const start = new Date(now.getTime() - 90 * 24 * 60 * 60 * 1000);
  const clock = fixedClock(new Date(start.getTime() - 60_000));
  const seedDeps: AppDeps = { ...deps, clock };
  for (const [communityId, staff] of staffByCommunity) {
    await publishRuleVersion({
      deps: seedDeps,
      actor: staff,
      data: { communityId, exchangeRules: DEMO_EXCHANGE_RULES, rules: DEMO_RULES },
    });
  }
  const rules = await deps.db.selectFrom('points_rules').select(['id', 'community_id', 'code']).execute();
  const residents = await deps.db.selectFrom('residents').select(['id', 'community_id']).orderBy('id').execute();
  const awards: { at: number; residentId: number; communityId: number }[] = [];
  for (const resident of residents) {
    if (random() < 0.45) continue;
    const count = 1 + Math.floor(random() * 8);
    for (let i = 0; i < count; i++) {
      // Staff award points at the desk during working hours (08:30–17:30 in the county), never at night.
      const day = countyDateOf(new Date(start.getTime() + (1 + Math.floor(random() * 88)) * 86_400_000));
      const minute = 8 * 60 + 30 + Math.floor(random() * 9 * 60);
      const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
      const at = Date.parse(countyInstant(day, time));
      if (at < now.getTime()) awards.push({ at, residentId: resident.id, communityId: resident.community_id });
    }
  }
  awards.sort((a, b) => a.at - b.at);
  for (const award of awards) {
    const own = rules.filter((r) => r.community_id === award.communityId);
    const rule = own[Math.floor(random() * own.length)]!;
    clock.set(new Date(award.at));
    try {
      await deps.db.transaction().execute((trx) =>
        awardByRule(trx, seedDeps, {
          actor: staffByCommunity.get(award.communityId)!,
          residentId: award.residentId,
          ruleId: rule.id,
        }),
      );
    } catch (error) {
      if ((error as { code?: string }).code !== 'RULE_CAP_REACHED') throw error; // the demo respects the rules' limits like everyone else
    }
  }
}
