import type { Actor } from '../platform/actor.js';
import type { AppDeps } from '../platform/deps.js';
import { createItem, recordDonation, redeemAtCounter } from '../modules/shop/index.js';
import { claimVoucher, createOffer } from '../modules/vouchers/index.js';
import { seededRandom } from './names.js';
import { approveAdjustment, requestAdjustment } from '../modules/points/index.js';

/** 太风东街社区's 社区益家: more than twenty kinds of goods, every one donated by a local business. */
const SHELF: { name: string; points: number; donor: string; quantity: number; monthlyLimit?: number }[] = [
  { name: '热水壶', points: 120, donor: '山西晋昶商贸有限责任公司', quantity: 6, monthlyLimit: 1 },
  { name: '水杯', points: 30, donor: '闻喜县福悦来大药房', quantity: 20 },
  { name: '保温杯', points: 80, donor: '山西晋昶商贸有限责任公司', quantity: 8, monthlyLimit: 1 },
  { name: '洗衣液', points: 40, donor: '福满园超市', quantity: 15 },
  { name: '洗洁精', points: 20, donor: '福满园超市', quantity: 20 },
  { name: '毛巾', points: 15, donor: '东街便利店', quantity: 30 },
  { name: '香皂', points: 10, donor: '东街便利店', quantity: 30 },
  { name: '牙膏', points: 15, donor: '闻喜县福悦来大药房', quantity: 25 },
  { name: '牙刷', points: 8, donor: '佳洁口腔门诊', quantity: 40 },
  { name: '大米（5斤）', points: 60, donor: '福满园超市', quantity: 10, monthlyLimit: 1 },
  { name: '食用油（1升）', points: 70, donor: '福满园超市', quantity: 8, monthlyLimit: 1 },
  { name: '挂面', points: 12, donor: '老街面馆', quantity: 30 },
  { name: '煮饼', points: 25, donor: '闻喜县红玉祥食品厂', quantity: 12 },
  { name: '绿豆饼', points: 20, donor: '闻喜县红玉祥食品厂', quantity: 2 },
  { name: '酱油', points: 15, donor: '东街便利店', quantity: 15 },
  { name: '陈醋', points: 15, donor: '东街便利店', quantity: 15 },
  { name: '抽纸', points: 10, donor: '福满园超市', quantity: 40 },
  { name: '雨伞', points: 50, donor: '鑫源五金店', quantity: 6 },
  { name: '老花镜', points: 45, donor: '闻喜县福悦来大药房', quantity: 10 },
  { name: '创可贴', points: 5, donor: '闻喜县福悦来大药房', quantity: 50 },
  { name: '口罩（10只）', points: 10, donor: '闻喜县福悦来大药房', quantity: 30 },
  { name: '垃圾袋', points: 8, donor: '鑫源五金店', quantity: 3 },
];

const OFFERS: {
  merchant: string;
  title: string;
  faceValueFen: number;
  pointsCost: number;
  quantity: number;
  perResidentLimit: number;
}[] = [
  {
    merchant: '闻喜县福悦来大药房',
    title: '满30元减5元',
    faceValueFen: 500,
    pointsCost: 40,
    quantity: 30,
    perResidentLimit: 2,
  },
  {
    merchant: '琼林嘉宴餐厅',
    title: '堂食代金券10元',
    faceValueFen: 1000,
    pointsCost: 80,
    quantity: 20,
    perResidentLimit: 1,
  },
  {
    merchant: '老街面馆',
    title: '面食代金券5元',
    faceValueFen: 500,
    pointsCost: 40,
    quantity: 40,
    perResidentLimit: 2,
  },
  { merchant: '清清洗衣店', title: '洗衣8元券', faceValueFen: 800, pointsCost: 60, quantity: 15, perResidentLimit: 1 },
];

/**
 * 苗圃社区's smaller shelf: 李桂兰's own community, so the story's senior can spend her points at home. The goods,
 * prices and donors of 太风东街社区's shelf in smaller quantities — but its 挂面 comes from 福满园超市, so
 * 老街面馆 starts without stars as the merchants journey tells it.
 */
const MIAOPU_SHELF: typeof SHELF = (
  [
    ['毛巾', 20],
    ['香皂', 20],
    ['挂面', 20, '福满园超市'],
    ['老花镜', 6],
    ['抽纸', 30],
    ['煮饼', 8],
  ] as const
).map(([name, quantity, donor]) => {
  const goods = SHELF.find((entry) => entry.name === name)!;
  return { ...goods, quantity, donor: donor ?? goods.donor };
});

async function stockShelf(
  deps: AppDeps,
  staff: Actor,
  communityId: number,
  shelf: typeof SHELF,
  merchants: Map<string, number>,
): Promise<number[]> {
  const itemIds: number[] = [];
  for (const entry of shelf) {
    const { id } = await createItem({
      deps,
      actor: staff,
      data: { communityId, name: entry.name, pointsPrice: entry.points, monthlyLimit: entry.monthlyLimit ?? null },
    });
    itemIds.push(id);
    await deps.db.transaction().execute((trx) =>
      recordDonation(trx, deps, {
        actor: staff,
        data: { itemId: id, quantity: entry.quantity, merchantId: merchants.get(entry.donor)! },
      }),
    );
  }
  return itemIds;
}

export async function seedDemoShop(deps: AppDeps, staffByCommunity: Map<number, Actor>, now: Date): Promise<void> {
  const communityId = async (name: string) =>
    (await deps.db.selectFrom('communities').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const community = { id: await communityId('太风东街社区') };
  const staff = staffByCommunity.get(community.id)!;
  const merchants = new Map(
    (await deps.db.selectFrom('merchants').select(['id', 'name']).execute()).map((m) => [m.name, m.id]),
  );
  const itemIds = await stockShelf(deps, staff, community.id, SHELF, merchants);
  const miaopu = await communityId('苗圃社区');
  await stockShelf(deps, staffByCommunity.get(miaopu)!, miaopu, MIAOPU_SHELF, merchants);
  const validUntil = new Date(now.getTime() + 60 * 24 * 60 * 60 * 1000).toISOString();
  const offerIds: number[] = [];
  for (const offer of OFFERS) {
    const { id } = await createOffer({
      deps,
      actor: staff,
      data: {
        merchantId: merchants.get(offer.merchant)!,
        title: offer.title,
        faceValueFen: offer.faceValueFen,
        pointsCost: offer.pointsCost,
        quantity: offer.quantity,
        validUntil,
        perResidentLimit: offer.perResidentLimit,
      },
    });
    offerIds.push(id);
  }

  // 13900000002 brought 300 points over from the paper ledger the community kept before Zhongli,
  // entered as an adjustment that a second person approved — the same path any correction takes.
  const regular = await deps.db
    .selectFrom('residents')
    .innerJoin('users', 'users.id', 'residents.user_id')
    .select('residents.id')
    .where('users.phone', '=', '13900000002')
    .executeTakeFirst();
  const admin = await deps.db
    .selectFrom('users')
    .select(['id', 'name', 'phone'])
    .where('phone', '=', '13800000000')
    .executeTakeFirst();
  if (regular && admin) {
    const { id } = await requestAdjustment({
      deps,
      actor: staff,
      data: { residentId: regular.id, delta: 300, reason: '纸质积分台账迁入' },
    });
    const adminActor: Actor = {
      userId: admin.id,
      name: admin.name,
      phone: admin.phone,
      roles: [{ role: 'center_admin' }],
    };
    await deps.db.transaction().execute((trx) => approveAdjustment(trx, deps, { actor: adminActor, adjustmentId: id }));
  }

  // A few residents with enough points have already used the shop.
  const random = seededRandom(1121);
  const residents = await deps.db
    .selectFrom('residents')
    .innerJoin('points_balances', 'points_balances.resident_id', 'residents.id')
    .select(['residents.id', 'points_balances.balance'])
    .where('residents.community_id', '=', community.id)
    .where('points_balances.balance', '>=', 40)
    .orderBy('residents.id')
    .limit(6)
    .execute();
  for (const resident of residents) {
    const itemId = itemIds[1 + Math.floor(random() * 8)]!;
    await deps.db.transaction().execute((trx) =>
      redeemAtCounter(trx, deps, {
        actor: staff,
        data: { residentId: resident.id, lines: [{ itemId, quantity: 1 }] },
      }),
    );
  }
  const claimant = await deps.db
    .selectFrom('residents')
    .innerJoin('points_balances', 'points_balances.resident_id', 'residents.id')
    .select('residents.id')
    .where('residents.community_id', '=', community.id)
    .where('points_balances.balance', '>=', OFFERS[0]!.pointsCost)
    .orderBy('points_balances.balance', 'desc')
    .executeTakeFirst();
  if (claimant)
    await deps.db
      .transaction()
      .execute((trx) =>
        claimVoucher(trx, deps, { actor: staff, data: { offerId: offerIds[0]!, residentId: claimant.id } }),
      );
}
