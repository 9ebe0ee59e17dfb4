import { countyDateOf, countyInstant } from '@zhongli/domain';
import type { Actor } from '../platform/actor.js';
import type { AppDeps } from '../platform/deps.js';
import { fixedClock } from '../platform/clock.js';
import {
  confirmContribution,
  moveRequest,
  raiseRequest,
  recordContribution,
  rerateMonth,
} from '../modules/merchants/index.js';

const DAY = 86_400_000;

/**
 * The story's merchants as partners: 重阳节 (cabbages and dumplings), 社区邻里节 (煮饼, 绿豆饼, dishes
 * and soup), booths in the convenience-service area, the quality of their donations confirmed,
 * two requests (one answered), and three months of rating history.
 */
export async function seedDemoMerchants(deps: AppDeps, staff: Actor, now: Date): Promise<void> {
  const merchants = new Map(
    (await deps.db.selectFrom('merchants').select(['id', 'name']).execute()).map((m) => [m.name, m.id]),
  );
  const year = now.getUTCFullYear();
  const inPast = (iso: string, fallbackDaysAgo: number) =>
    Date.parse(iso) < now.getTime() ? iso : new Date(now.getTime() - fallbackDaysAgo * DAY).toISOString();
  const record = (
    merchant: string,
    kind: 'sponsorship' | 'booth' | 'service',
    description: string,
    quality: number,
    occurredAt: string,
  ) =>
    recordContribution({
      deps,
      actor: staff,
      merchantId: merchants.get(merchant)!,
      data: { kind, description, quality, occurredAt },
    });

  await record(
    '佳洁口腔门诊',
    'sponsorship',
    '九九重阳节捐赠白菜和饺子',
    5,
    inPast(countyInstant(`${year}-10-29`, '09:00'), 30),
  );
  await record(
    '闻喜县福悦来大药房',
    'sponsorship',
    '九九重阳节捐赠白菜和饺子',
    5,
    inPast(countyInstant(`${year}-10-29`, '09:00'), 30),
  );
  await record(
    '闻喜县红玉祥食品厂',
    'sponsorship',
    '社区邻里节送来煮饼、绿豆饼',
    5,
    inPast(countyInstant(`${year}-11-21`, '09:00'), 7),
  );
  await record(
    '琼林嘉宴餐厅',
    'sponsorship',
    '社区邻里节备好辣子菜、暖胃汤',
    5,
    inPast(countyInstant(`${year}-11-21`, '09:00'), 7),
  );
  const booths: [string, string, number][] = [
    ['佳洁口腔门诊', '便民服务区义务口腔检查', 5],
    ['闻喜县福悦来大药房', '便民服务区免费测血压', 5],
    ['闻喜县福悦来大药房', '便民服务区用药咨询', 4],
    ['鑫源五金店', '便民服务区免费修理小家电', 4],
    ['老街面馆', '给独居老人送面', 5],
    ['东街便利店', '便民服务区代收快递', 3],
    ['佳洁口腔门诊', '老年人免费洁牙', 5],
  ];
  for (const [index, [merchant, description, quality]] of booths.entries()) {
    await record(
      merchant,
      index % 3 === 0 ? 'service' : 'booth',
      description,
      quality,
      new Date(now.getTime() - (10 + index * 12) * DAY).toISOString(),
    );
  }
  // The shop's donations were recorded automatically; staff mark their quality so they count.
  const donations = await deps.db
    .selectFrom('merchant_contributions')
    .select('id')
    .where('kind', '=', 'donation')
    .where('quality', 'is', null)
    .execute();
  for (const [index, d] of donations.entries())
    await confirmContribution({ deps, actor: staff, contributionId: d.id, quality: index % 4 === 0 ? 4 : 5 });

  const shopkeeper = async (name: string): Promise<Actor> => {
    const user = await deps.db
      .selectFrom('users')
      .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
      .select(['users.id', 'users.name', 'users.phone'])
      .where('user_roles.merchant_id', '=', merchants.get(name)!)
      .executeTakeFirstOrThrow();
    return {
      userId: user.id,
      name: user.name,
      phone: user.phone,
      roles: [{ role: 'merchant', merchantId: merchants.get(name)! }],
    };
  };
  const clock = fixedClock(new Date(now.getTime() - 6 * DAY));
  const past = { ...deps, clock };
  const lamp = await raiseRequest({
    deps: past,
    actor: await shopkeeper('老街面馆'),
    merchantId: merchants.get('老街面馆')!,
    data: { title: '门前路灯坏了', description: '晚上顾客看不清台阶，老人容易摔倒。' },
  });
  clock.set(new Date(now.getTime() - 4 * DAY));
  await moveRequest({
    deps: past,
    actor: staff,
    requestId: lamp.id,
    data: { status: 'resolved', response: '已联系供电所，路灯已修复。感谢反映！' },
  });
  await raiseRequest({
    deps,
    actor: await shopkeeper('东街便利店'),
    merchantId: merchants.get('东街便利店')!,
    data: { title: '希望延长便民摊位时间', description: '周末下午来买东西的老人多，希望摊位能摆到六点。' },
  });

  const month = countyDateOf(now).slice(0, 7);
  const [y, m] = month.split('-').map(Number) as [number, number];
  for (const back of [2, 1, 0]) {
    const d = new Date(Date.UTC(y, m - 1 - back, 1));
    await rerateMonth(deps, `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
}
