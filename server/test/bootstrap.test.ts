import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageOn, countyClockOf, countyDateOf } from '@zhongli/domain';
import { bootstrap } from '../src/bootstrap.js';
import type { Config } from '../src/config.js';
import { fixedClock } from '../src/platform/clock.js';
import { DEMO_PASSWORD } from '../src/demo/seed.js';
import { buildApp } from '../src/app.js';
import { openTestDatabase } from './support/database.js';

let handle: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  handle = await openTestDatabase();
});
// Its own DATA_DIR: the first start imports whatever an earlier version left in DATA_DIR/uploads.
const dataDir = mkdtempSync(path.join(tmpdir(), 'zhongli-bootstrap-'));
afterAll(async () => {
  await handle.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const clock = fixedClock('2026-11-28T02:00:00Z');
const config: Config = {
  port: 0,
  host: '127.0.0.1',
  dataDir,
  demo: true,
  adminPhone: '+86 186 0000 0001',
  adminPassword: 'admin-password-1',
  sessionSecret: 'bootstrap-test-secret-bootstrap-test',
  centerName: '闻喜县社区服务中心',
  cookieSecure: false,
  production: false,
  logLevel: 'silent',
  strictResponses: true,
  trustProxyHops: 0,
  trustProxyFrom: [],
};
// The handle is shared between "restarts": closing it would close the database under the test.
const keepOpen = () => ({ ...handle, close: async () => {} });

describe('first start in demo mode', () => {
  it('seeds the demo county from the story and creates the admin from ADMIN_PHONE', async () => {
    const { deps } = await bootstrap(config, clock, keepOpen());
    const communities = await deps.db.selectFrom('communities').select('name').orderBy('id').execute();
    expect(communities.map((c) => c.name)).toEqual([
      '东城社区',
      '西城社区',
      '苗圃社区',
      '银光社区',
      '西湖社区',
      '太风东街社区',
    ]);
    const venues = await deps.db.selectFrom('venues').select('name').execute();
    expect(venues.map((v) => v.name)).toEqual(
      expect.arrayContaining(['党群服务中心', '社区益家', '1元理发屋', '健康小屋', '排练厅']),
    );
    const merchants = await deps.db.selectFrom('merchants').select(['name', 'party_alliance']).execute();
    expect(merchants.map((m) => m.name)).toEqual(
      expect.arrayContaining([
        '山西晋昶商贸有限责任公司',
        '闻喜县福悦来大药房',
        '佳洁口腔门诊',
        '闻喜县红玉祥食品厂',
        '琼林嘉宴餐厅',
      ]),
    );

    const liGuilan = await deps.db
      .selectFrom('residents')
      .select(['gender'])
      .where('name', '=', '李桂兰')
      .executeTakeFirstOrThrow();
    expect(liGuilan.gender).toBe('female');
    // her own community's 社区益家 has goods on the shelf
    const herShelf = await deps.db
      .selectFrom('shop_items')
      .innerJoin('residents', 'residents.community_id', 'shop_items.community_id')
      .select(['shop_items.name', 'shop_items.stock'])
      .where('residents.name', '=', '李桂兰')
      .execute();
    expect(herShelf.length).toBeGreaterThanOrEqual(5);
    expect(herShelf.every((item) => item.stock > 0)).toBe(true);
    // the center's rules template, for a new community to copy
    const template = await deps.db.selectFrom('points_rule_templates').select('name').execute();
    expect(template.map((r) => r.name)).toContain('志愿服务（每次满2小时）');
    // points are awarded at the desk in working hours, as a real month's statements show (check-ins
    // at an evening activity carry that activity's time)
    const awards = await deps.db
      .selectFrom('points_ledger')
      .select('created_at')
      .where('kind', '=', 'award')
      .where('ref_type', 'is', null)
      .execute();
    expect(awards.length).toBeGreaterThan(100);
    const outside = awards
      .map((a) => countyClockOf(new Date(a.created_at)).time)
      .filter((time) => time < '08:30' || time > '17:30');
    expect(outside).toEqual([]);
    const residents = await deps.db.selectFrom('residents').select(['name', 'birth_date']).execute();
    expect(residents.length).toBeGreaterThanOrEqual(180);
    const today = countyDateOf(clock.now());
    const seniors = residents.filter((r) => ageOn(r.birth_date, today) >= 60).length;
    expect(seniors / residents.length).toBeGreaterThan(0.28);
    expect(seniors / residents.length).toBeLessThan(0.4);
    for (const realName of ['王小丽', '宁俊丽', '张立明', '吴娜'])
      expect(residents.map((r) => r.name)).not.toContain(realName);

    const staff = await deps.db
      .selectFrom('user_roles')
      .select('community_id')
      .where('role', '=', 'community_staff')
      .execute();
    expect(new Set(staff.map((s) => s.community_id)).size).toBe(6);

    const app = await buildApp(deps);
    const adminLogin = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone: '18600000001', password: 'admin-password-1' },
    });
    expect(adminLogin.json().user.roles).toEqual([{ role: 'center_admin' }]);
    const demoLogin = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone: '13800000003', password: DEMO_PASSWORD },
    });
    expect(demoLogin.statusCode).toBe(200);
    const residentLogin = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone: '13900000001', password: DEMO_PASSWORD },
    });
    expect(residentLogin.json().user.resident).not.toBeNull();
    await app.close();
  }, 60_000); // seeding a whole county (200 residents, three months of awards) takes seconds; more on a loaded machine

  it('keeps its data across a restart and seeds nothing twice', async () => {
    const count = async (table: 'residents' | 'users' | 'communities') =>
      Number(
        (
          await handle.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = {
      residents: await count('residents'),
      users: await count('users'),
      communities: await count('communities'),
    };
    const { deps } = await bootstrap({ ...config, adminPassword: 'a-different-password' }, clock, keepOpen());
    expect({
      residents: await count('residents'),
      users: await count('users'),
      communities: await count('communities'),
    }).toEqual(before);
    const app = await buildApp(deps);
    // The existing admin keeps the password it was created with.
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone: '18600000001', password: 'admin-password-1' },
    });
    expect(login.statusCode).toBe(200);
    await app.close();
  });
});
