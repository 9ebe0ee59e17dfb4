import { checkIdNumber, idNumberCheckCharacter, makeMemberCode } from '@zhongli/domain';
import type { AppDeps, Trx } from '../platform/deps.js';
import type { RoleGrant } from '../platform/actor.js';
import { createLogin, hashPassword } from '../modules/accounts/index.js';
import { insertCommunity, insertVenue } from '../modules/communities/index.js';
import { insertMerchant } from '../modules/merchants/index.js';
import { idNumberDigest, insertResident } from '../modules/residents/index.js';
import { recordAudit } from '../modules/audit/index.js';
import { fictionalName, seededRandom } from './names.js';
import { DEMO_RULES, seedDemoPoints } from './points.js';
import { saveTemplate } from '../modules/points/index.js';
import { seedDemoShop } from './shop.js';
import { seedDemoMenu } from './menu.js';
import { seedDemoMerchants } from './merchants.js';
import { seedDemoServices } from './services.js';
import { seedDemoHolidays } from './holidays.js';
import type { Actor } from '../platform/actor.js';

/** Every demo login shares this password (README lists the accounts). */
export const DEMO_PASSWORD = 'zhongli2026';

const COMMUNITIES: { name: string; venues: string[] }[] = [
  { name: '东城社区', venues: ['党群服务中心', '社区活动室'] },
  { name: '西城社区', venues: ['党群服务中心', '直播间', '手工坊'] },
  { name: '苗圃社区', venues: ['党群服务中心', '1元理发屋', '健康小屋', '排练厅', '书画室'] },
  { name: '银光社区', venues: ['党群服务中心', '文体广场'] },
  { name: '西湖社区', venues: ['党群服务中心', '瑜伽室'] },
  { name: '太风东街社区', venues: ['党群服务中心', '社区益家', '便民服务区'] },
];

/** The businesses named in the story, all in 太风东街社区, plus a few fictional street shops. */
const MERCHANTS: { name: string; category: string; address: string; partyAlliance: boolean; community: string }[] = [
  {
    name: '山西晋昶商贸有限责任公司',
    category: '商贸',
    address: '太风东街12号',
    partyAlliance: true,
    community: '太风东街社区',
  },
  {
    name: '闻喜县福悦来大药房',
    category: '医药',
    address: '太风东街28号',
    partyAlliance: true,
    community: '太风东街社区',
  },
  { name: '佳洁口腔门诊', category: '医疗', address: '太风东街35号', partyAlliance: false, community: '太风东街社区' },
  {
    name: '闻喜县红玉祥食品厂',
    category: '食品',
    address: '太风东街50号',
    partyAlliance: false,
    community: '太风东街社区',
  },
  { name: '琼林嘉宴餐厅', category: '餐饮', address: '太风东街66号', partyAlliance: false, community: '太风东街社区' },
  { name: '街角便民理发店', category: '理发美容', address: '苗圃路8号', partyAlliance: false, community: '苗圃社区' },
  // Fictional street shops of 太风东街 that, like the story's fifteen, give vouchers.
  { name: '东街便利店', category: '食品', address: '太风东街3号', partyAlliance: false, community: '太风东街社区' },
  { name: '福满园超市', category: '商贸', address: '太风东街18号', partyAlliance: true, community: '太风东街社区' },
  {
    name: '鑫源五金店',
    category: '生活服务',
    address: '太风东街40号',
    partyAlliance: false,
    community: '太风东街社区',
  },
  { name: '老街面馆', category: '餐饮', address: '太风东街72号', partyAlliance: false, community: '太风东街社区' },
  {
    name: '清清洗衣店',
    category: '生活服务',
    address: '太风东街81号',
    partyAlliance: false,
    community: '太风东街社区',
  },
  { name: '东城鲜果店', category: '食品', address: '东城路21号', partyAlliance: false, community: '东城社区' },
];

const RESIDENT_COUNT = 200;
/** 闻喜县's administrative area code, for the demo's generated (checksum-valid, fictional) ID numbers. */
const AREA_CODE = '140823';

/**
 * Seeds the demo county on an empty database: the story's center, communities, venues and
 * merchants, one staff account per community, and about 200 fictional residents, a third of them
 * 60 or older. Does nothing once any community exists.
 */
export async function seedDemoCounty(deps: AppDeps): Promise<boolean> {
  const existing = await deps.db.selectFrom('communities').select('id').limit(1).executeTakeFirst();
  if (existing) return false;

  const random = seededRandom(20261128);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = deps.clock.now();
  const at = now.toISOString();
  const thisYear = now.getUTCFullYear();

  const staffByCommunity = new Map<number, Actor>();
  await deps.db.transaction().execute(async (trx) => {
    const communityIds = new Map<string, number>();
    for (const community of COMMUNITIES) {
      const id = await insertCommunity(trx, community.name, at);
      communityIds.set(community.name, id);
      for (const venue of community.venues) await insertVenue(trx, { communityId: id, name: venue, address: null, at });
    }

    const merchantIds = new Map<string, number>();
    for (const m of MERCHANTS) {
      merchantIds.set(m.name, await insertMerchant(trx, { ...m, communityId: communityIds.get(m.community)!, at }));
    }

    const account = (name: string, phone: string, roles: RoleGrant[]) =>
      createLogin(trx, deps, { name, phone, passwordHash, roles });
    await account('中心管理员（演示）', '13800000000', [{ role: 'center_admin' }]);
    for (const [index, community] of COMMUNITIES.entries()) {
      const communityId = communityIds.get(community.name)!;
      const phone = `1380000000${index + 1}`;
      const name = `${community.name}工作人员`;
      const roles: RoleGrant[] = [{ role: 'community_staff', communityId }];
      staffByCommunity.set(communityId, { userId: await account(name, phone, roles), name, phone, roles });
    }
    await account('福悦来大药房店长', '13700000001', [
      { role: 'merchant', merchantId: merchantIds.get('闻喜县福悦来大药房')! },
    ]);
    await account('老街面馆老板', '13700000002', [{ role: 'merchant', merchantId: merchantIds.get('老街面馆')! }]);
    await account('东街便利店店主', '13700000003', [{ role: 'merchant', merchantId: merchantIds.get('东街便利店')! }]);

    const communityList = [...communityIds.values()];
    for (let i = 0; i < RESIDENT_COUNT; i++) {
      // Every community gets its third of seniors: residents come round the communities in turn, and every third round is 60+.
      const senior = Math.floor(i / communityList.length) % 3 === 0;
      const age = senior ? 60 + Math.floor(random() * 30) : 18 + Math.floor(random() * 42);
      const month = 1 + Math.floor(random() * 12);
      const day = 1 + Math.floor(random() * 28);
      const birthDate = `${thisYear - age - 1}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const communityId = communityList[i % communityList.length]!;
      // Five residents can sign in (13900000001–05).
      const phone = i < 5 ? `1390000000${i + 1}` : null;
      const name = i === 0 ? '李桂兰' : fictionalName(random);
      // 13900000001 is a senior of 苗圃社区 (the barbershop), 13900000002 a regular of 太风东街社区's shop.
      const home = i === 0 ? communityIds.get('苗圃社区')! : i === 1 ? communityIds.get('太风东街社区')! : communityId;
      await seedResident(trx, deps, {
        index: i,
        name,
        female: i === 0,
        communityId: home,
        birthDate,
        phone,
        passwordHash,
        random,
        at,
      });
    }
    await recordAudit(trx, deps, null, {
      action: 'demo.seed',
      targetType: 'center',
      targetId: 1,
      summary: `生成演示数据：${COMMUNITIES.length}个社区、${RESIDENT_COUNT}位居民`,
    });
  });
  await seedDemoPoints(deps, staffByCommunity, now);
  await seedDemoShop(deps, staffByCommunity, now);
  const admin = await deps.db
    .selectFrom('users')
    .select(['id', 'name', 'phone'])
    .where('phone', '=', '13800000000')
    .executeTakeFirstOrThrow();
  const centerAdmin: Actor = {
    userId: admin.id,
    name: admin.name,
    phone: admin.phone,
    roles: [{ role: 'center_admin' }],
  };
  // before the services: their sessions are generated around the county's holidays
  await seedDemoHolidays(deps, centerAdmin);
  await seedDemoMenu(deps, staffByCommunity, centerAdmin, now);
  // The center's template is the demo's own rules, for a new community to start from.
  await saveTemplate({ deps, actor: centerAdmin, data: { rules: DEMO_RULES.map(({ code: _code, ...rule }) => rule) } });
  const taifeng = await deps.db
    .selectFrom('communities')
    .select('id')
    .where('name', '=', '太风东街社区')
    .executeTakeFirstOrThrow();
  await seedDemoMerchants(deps, staffByCommunity.get(taifeng.id)!, now);
  const miaopu = await deps.db
    .selectFrom('communities')
    .select('id')
    .where('name', '=', '苗圃社区')
    .executeTakeFirstOrThrow();
  await seedDemoServices(deps, staffByCommunity.get(miaopu.id)!, passwordHash, now);
  return true;
}

async function seedResident(
  trx: Trx,
  deps: AppDeps,
  r: {
    index: number;
    name: string;
    communityId: number;
    birthDate: string;
    phone: string | null;
    passwordHash: string;
    random: () => number;
    at: string;
    female?: boolean;
  },
) {
  // Two in three demo residents registered with an ID number (fictional, checksum-valid).
  let identity: { masked: string | null; digest: string | null; gender: 'male' | 'female' | null } = {
    masked: null,
    digest: null,
    gender: null,
  };
  if (r.index % 3 !== 2) {
    const drawn = 100 + Math.floor(r.random() * 900);
    // The sequence's last digit is the gender (odd: male); the story's 李桂兰 is a woman.
    const sequence = String(r.female && drawn % 2 === 1 ? drawn - 1 : drawn);
    const first17 = AREA_CODE + r.birthDate.replaceAll('-', '') + sequence;
    const checked = checkIdNumber(first17 + idNumberCheckCharacter(first17), r.birthDate);
    if (checked.ok) {
      identity = {
        masked: checked.masked,
        gender: checked.gender,
        digest: idNumberDigest(deps.idDigestKey, checked.normalized),
      };
    }
  }
  const userId = r.phone
    ? await createLogin(trx, deps, { name: r.name, phone: r.phone, passwordHash: r.passwordHash })
    : null;
  await insertResident(trx, {
    communityId: r.communityId,
    userId,
    name: r.name,
    memberCode: makeMemberCode(r.random),
    birthDate: r.birthDate,
    gender: identity.gender,
    idNumberMasked: identity.masked,
    idNumberDigest: identity.digest,
    createdBy: null,
    at: r.at,
  });
}
