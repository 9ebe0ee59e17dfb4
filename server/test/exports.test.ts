import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, errorFields, signIn, type TestApp } from './support/app.js';
import {
  buildActivity,
  buildCenterAdmin,
  buildCheckin,
  buildCommunity,
  buildMerchant,
  buildRegistration,
  buildResident,
  buildService,
  buildShopItem,
  buildStaff,
  buildUser,
  fundResident,
} from './support/factories.js';

let t: TestApp;
let east: { id: number };
let west: { id: number };
let eastStaff: string;
let westStaff: string;
let center: string;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  t = await createTestApp();
  east = await buildCommunity(t.deps, '太风东街社区');
  west = await buildCommunity(t.deps, '西关社区');
  eastStaff = await signIn(t.app, (await buildStaff(t.deps, east.id)).phone);
  westStaff = await signIn(t.app, (await buildStaff(t.deps, west.id)).phone);
  center = await signIn(t.app, (await buildCenterAdmin(t.deps)).phone);
});
afterAll(async () => {
  await t.close();
});

/** The file as Excel opens it: its one sheet, header row and data rows as plain values. */
async function openSheet(response: LightMyRequestResponse) {
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  expect(response.headers['content-type']).toBe(XLSX);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0]!;
  const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
  const rows: unknown[][] = [];
  for (let n = 2; n <= sheet.rowCount; n++) rows.push(values(n));
  return { sheet, headers: values(1), rows };
}

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

async function lastExportAudit() {
  return t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', 'data.exported')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

describe('the xlsx kit, through the residents export', () => {
  let phone: string;
  beforeAll(async () => {
    // Registered at 16:30 UTC on 27 November: 00:30 on the 28th in the county.
    t.clock.set('2026-11-27T16:30:00.000Z');
    phone = (await buildResident(t.deps, { communityId: east.id, name: '张秀兰', withLogin: true })).phone!;
    await buildResident(t.deps, { communityId: east.id, name: '李建国' });
    await buildResident(t.deps, { communityId: west.id, name: '王桂芳' });
    t.clock.set('2026-11-28T02:00:00.000Z');
  });

  it('writes Chinese headers, a frozen header row, column widths, county-local times and the row count', async () => {
    const response = await get(`/api/residents/export?communityId=${east.id}`, eastStaff);
    const { sheet, headers, rows } = await openSheet(response);
    expect(headers).toEqual([
      '会员号',
      '姓名',
      '性别',
      '出生日期',
      '社区',
      '手机号',
      '联系电话',
      '登记时间',
      '迁出/已故时间',
    ]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(2).width).toBe(12);
    expect(rows).toHaveLength(2);
    const zhang = rows.find((r) => r[1] === '张秀兰')!;
    // Excel keeps wall clocks: 00:30 on 28 November, not 16:30 on the 27th.
    expect((zhang[7] as Date).toISOString()).toBe('2026-11-28T00:30:00.000Z');
    expect(sheet.getColumn(8).numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(response.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('居民名单-太风东街社区-2026-11-28.xlsx')}`,
    );
    // Their own community's desk phones them: the phone is whole.
    expect(zhang[5]).toBe(phone);
  });

  it('masks phones for the center, which does not phone residents', async () => {
    const { rows } = await openSheet(await get(`/api/residents/export?communityId=${east.id}`, center));
    const zhang = rows.find((r) => r[1] === '张秀兰')!;
    expect(zhang[5]).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
  });

  it("keeps to the list's scope: another community's staff get their own residents, and 403 for east", async () => {
    const { rows } = await openSheet(await get('/api/residents/export', westStaff));
    expect(rows.map((r) => r[1])).toEqual(['王桂芳']);
    const before = await lastExportAudit();
    const refused = await get(`/api/residents/export?communityId=${east.id}`, westStaff);
    expect(refused.statusCode).toBe(403);
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect((await lastExportAudit())?.id).toBe(before?.id);
  });

  it('audits who exported what, with the filters and the row count', async () => {
    await openSheet(await get(`/api/residents/export?communityId=${east.id}&q=${encodeURIComponent('张')}`, eastStaff));
    const entry = await lastExportAudit();
    expect(entry).toMatchObject({ target_type: 'residents', community_id: east.id });
    expect(entry!.summary).toBe('导出居民名单（社区=太风东街社区，搜索=张）：1 行');
  });

  it('refuses bad filters with a 400 naming the field, and writes no audit entry', async () => {
    const before = await lastExportAudit();
    const bad = await get('/api/residents/export?communityId=abc', eastStaff);
    expect(bad.statusCode).toBe(400);
    expect(errorCode(bad)).toBe('VALIDATION_FAILED');
    expect((await lastExportAudit())?.id).toBe(before?.id);
  });
});

describe('points: a statement and the ledger of a period', () => {
  let resident: { id: number };
  beforeAll(async () => {
    resident = await buildResident(t.deps, { communityId: east.id, name: '赵淑珍' });
    // 16:30 UTC on 30 November is 00:30 on 1 December in the county: December's ledger, not November's.
    t.clock.set('2026-11-30T16:30:00.000Z');
    await fundResident(t.deps, resident.id, 30);
    t.clock.set('2026-11-29T03:00:00.000Z');
    await fundResident(t.deps, resident.id, 20);
    const west1 = await buildResident(t.deps, { communityId: west.id });
    await fundResident(t.deps, west1.id, 5);
    t.clock.set('2026-11-28T02:00:00.000Z');
  });

  it("exports a resident's statement in chain order with county times, to their community's staff", async () => {
    const { headers, rows } = await openSheet(await get(`/api/residents/${resident.id}/points/export`, eastStaff));
    expect(headers).toEqual(['时间', '居民', '会员号', '社区', '类型', '积分', '余额', '规则/事由', '经办人']);
    expect(rows.map((r) => [r[4], r[5], r[6], r[7]])).toEqual([
      ['调整', 30, 30, '测试充值'],
      ['调整', 20, 50, '测试充值'],
    ]);
    expect((rows[0]![0] as Date).toISOString()).toBe('2026-12-01T00:30:00.000Z');
    expect((await get(`/api/residents/${resident.id}/points/export`, westStaff)).statusCode).toBe(403);
  });

  it('exports the ledger of county days: the 16:30 UTC entry falls on 1 December', async () => {
    const november = await openSheet(
      await get(`/api/points/ledger/export?communityId=${east.id}&from=2026-11-01&to=2026-11-30`, eastStaff),
    );
    expect(november.rows.filter((r) => r[1] === '赵淑珍').map((r) => r[5])).toEqual([20]);
    const december = await openSheet(
      await get(`/api/points/ledger/export?communityId=${east.id}&from=2026-12-01&to=2026-12-01`, eastStaff),
    );
    expect(december.rows.map((r) => r[5])).toEqual([30]);
    const entry = await lastExportAudit();
    expect(entry!.summary).toBe('导出积分流水（社区=太风东街社区，时段=2026-12-01至2026-12-01）：1 行');
    // The center sees every community; west's staff only theirs.
    const all = await openSheet(await get('/api/points/ledger/export?from=2026-11-01&to=2026-11-30', center));
    expect(all.rows.map((r) => r[3])).toEqual(expect.arrayContaining(['太风东街社区', '西关社区']));
    const westOnly = await openSheet(await get('/api/points/ledger/export?from=2026-11-01&to=2026-12-31', westStaff));
    expect(new Set(westOnly.rows.map((r) => r[3]))).toEqual(new Set(['西关社区']));
    expect(
      (await get(`/api/points/ledger/export?communityId=${east.id}&from=2026-11-01&to=2026-11-30`, westStaff))
        .statusCode,
    ).toBe(403);
  });

  it('refuses a period that ends before it starts, naming the field', async () => {
    const bad = await get(`/api/points/ledger/export?from=2026-12-01&to=2026-11-01`, eastStaff);
    expect(bad.statusCode).toBe(400);
    expect(errorFields(bad)).toEqual(['to']);
  });
});

describe('the other lists staff work with', () => {
  it("exports an item's stock movements to its community's staff only", async () => {
    const item = await buildShopItem(t.deps, east.id, { name: '挂面', stock: 7 });
    const { headers, rows } = await openSheet(await get(`/api/shop/items/${item.id}/movements/export`, eastStaff));
    expect(headers).toEqual(['时间', '类型', '数量', '结存', '原因', '经办人']);
    expect(rows.map((r) => [r[1], r[2], r[3]])).toEqual([['捐赠入库', 7, 7]]);
    expect((await lastExportAudit())!.summary).toBe('导出库存流水（物品=挂面）：1 行');
    expect((await get(`/api/shop/items/${item.id}/movements/export`, westStaff)).statusCode).toBe(403);
  });

  it('exports the voucher statement with county times (16:30 UTC on 30 November is December)', async () => {
    const pharmacy = await buildMerchant(t.deps, east.id, { name: '福悦来大药房' });
    const merchantCookie = await signIn(
      t.app,
      (await buildUser(t.deps, [{ role: 'merchant', merchantId: pharmacy.id }])).phone,
    );
    const offer = await t.app.inject({
      method: 'POST',
      url: '/api/vouchers/offers',
      headers: { cookie: merchantCookie },
      payload: {
        merchantId: pharmacy.id,
        title: '满30元减5元',
        faceValueFen: 500,
        pointsCost: 40,
        quantity: 10,
        validUntil: '2026-12-31T23:59:59+08:00',
        perResidentLimit: 2,
      },
    });
    const buyer = await buildResident(t.deps, { communityId: east.id, name: '钱玉梅', withLogin: true });
    await fundResident(t.deps, buyer.id, 40);
    const claim = await t.app.inject({
      method: 'POST',
      url: '/api/vouchers/claims',
      headers: { cookie: await signIn(t.app, buyer.phone!) },
      payload: { offerId: offer.json().id },
    });
    t.clock.set('2026-11-30T16:30:00.000Z');
    const honoured = await t.app.inject({
      method: 'POST',
      url: '/api/vouchers/redeem',
      headers: { cookie: merchantCookie },
      payload: { code: claim.json().code },
    });
    t.clock.set('2026-11-28T02:00:00.000Z');
    expect(honoured.statusCode).toBe(200);
    const url = `/api/merchants/${pharmacy.id}/voucher-statement/export?month=2026-12`;
    const { headers, rows } = await openSheet(await get(url, merchantCookie));
    expect(headers).toEqual(['核销时间', '代金券', '券码尾号', '居民', '面值（元）']);
    expect(rows).toHaveLength(1);
    expect((rows[0]![0] as Date).toISOString()).toBe('2026-12-01T00:30:00.000Z');
    expect(rows[0]!.slice(1)).toEqual(['满30元减5元', claim.json().code.slice(-4), '钱*梅', 5]);
    const november = await openSheet(await get(url.replace('2026-12', '2026-11'), eastStaff));
    expect(november.rows).toHaveLength(0);
    expect((await get(url, westStaff)).statusCode).toBe(403);
  });

  it("exports an activity's registrations and attendance, walk-ins last, other desks' residents masked", async () => {
    const activity = await buildActivity(t.deps, { communityId: east.id, title: '八段锦' });
    await buildRegistration(t.deps, {
      activityId: activity.id,
      residentId: (await buildResident(t.deps, { communityId: east.id, name: '孙立新' })).id,
    });
    const waiting = await buildResident(t.deps, { communityId: east.id, name: '周美华' });
    await buildRegistration(t.deps, { activityId: activity.id, residentId: waiting.id, status: 'waitlisted' });
    const fromWest = await buildResident(t.deps, { communityId: west.id, name: '吴德明' });
    await buildRegistration(t.deps, { activityId: activity.id, residentId: fromWest.id });
    await buildCheckin(t.deps, { activityId: activity.id, residentId: fromWest.id });
    const cancelled = await buildResident(t.deps, { communityId: east.id, name: '郑小红' });
    await buildRegistration(t.deps, { activityId: activity.id, residentId: cancelled.id, status: 'cancelled' });
    await buildCheckin(t.deps, { activityId: activity.id, residentId: cancelled.id }); // came anyway: a walk-in
    const { headers, rows } = await openSheet(
      await get(`/api/activities/${activity.id}/registrations/export`, eastStaff),
    );
    expect(headers).toEqual(['姓名', '会员号', '社区', '报名状态', '候补位次', '报名时间', '签到时间']);
    expect(rows.map((r) => [r[0], r[3], r[6] ? '签到' : ''])).toEqual([
      ['孙立新', '已报名', ''],
      ['周美华', '候补', ''],
      ['吴*明', '已报名', '签到'],
      ['郑小红', '现场签到', '签到'],
    ]);
    expect((await lastExportAudit())!.summary).toMatch(
      /^导出活动报名与签到名单（活动=八段锦，日期=2026-11-29）：4 行$/,
    );
    expect((await get(`/api/activities/${activity.id}/registrations/export`, westStaff)).statusCode).toBe(403);
  });

  it("exports a session's bookings, and with served=1 the served list", async () => {
    const service = await buildService(t.deps, { communityId: east.id, name: '便民理发' });
    const session = await t.db
      .selectFrom('service_sessions')
      .select(['id', 'date'])
      .where('service_id', '=', service.id)
      .orderBy('starts_at')
      .executeTakeFirstOrThrow();
    const bookingIds: number[] = [];
    for (const name of ['陈桂英', '林志强', '黄秀珍']) {
      const resident = await buildResident(t.deps, { communityId: east.id, name, birthDate: '1950-05-05' });
      const booked = await t.app.inject({
        method: 'POST',
        url: '/api/bookings',
        headers: { cookie: eastStaff },
        payload: { sessionId: session.id, residentId: resident.id },
      });
      expect(booked.statusCode, booked.body).toBe(201);
      bookingIds.push(booked.json().id);
    }
    await t.db
      .updateTable('bookings')
      .set({ state: 'served', served_at: '2026-12-05T01:10:00.000Z', fee_paid_fen: 100 })
      .where('id', '=', bookingIds[1]!)
      .execute();
    const all = await openSheet(await get(`/api/service-sessions/${session.id}/bookings/export`, eastStaff));
    expect(all.headers).toEqual([
      '号码',
      '姓名',
      '会员号',
      '社区',
      '状态',
      '预约方式',
      '叫号时间',
      '完成时间',
      '收费（元）',
    ]);
    expect(all.rows.map((r) => [r[0], r[1], r[4]])).toEqual([
      [1, '陈桂英', '等候'],
      [2, '林志强', '已完成'],
      [3, '黄秀珍', '等候'],
    ]);
    const served = await openSheet(
      await get(`/api/service-sessions/${session.id}/bookings/export?served=1`, eastStaff),
    );
    expect(served.rows).toHaveLength(1);
    expect((served.rows[0]![7] as Date).toISOString()).toBe('2026-12-05T09:10:00.000Z');
    expect(served.rows[0]![8]).toBe(1);
    expect((await lastExportAudit())!.summary).toBe(
      `导出服务完成名单（服务=便民理发，场次=${session.date} 上午）：1 行`,
    );
    expect((await get(`/api/service-sessions/${session.id}/bookings/export`, westStaff)).statusCode).toBe(403);
  });

  it("exports a merchant's contributions to that merchant and its community's staff", async () => {
    const shop = await buildMerchant(t.deps, east.id, { name: '老街面馆' });
    const recorded = await t.app.inject({
      method: 'POST',
      url: `/api/merchants/${shop.id}/contributions`,
      headers: { cookie: eastStaff },
      payload: { kind: 'booth', description: '重阳节义剪摊位', quality: 4, occurredAt: '2026-11-27T16:30:00.000Z' },
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const { headers, rows } = await openSheet(await get(`/api/merchants/${shop.id}/contributions/export`, eastStaff));
    expect(headers).toEqual(['发生时间', '类型', '说明', '关联活动', '质量评分', '确认情况', '登记时间']);
    expect(rows).toHaveLength(1);
    expect((rows[0]![0] as Date).toISOString()).toBe('2026-11-28T00:30:00.000Z');
    expect((await get(`/api/merchants/${shop.id}/contributions/export`, westStaff)).statusCode).toBe(403);
  });
});

describe('volunteer hours (the hours module)', () => {
  it('exports every entry of a period in the list scope, a missing check-out marked as the planned end', async () => {
    const activity = await buildActivity(t.deps, {
      communityId: east.id,
      title: '敬老院陪伴',
      startsAt: '2026-11-20T01:00:00.000Z', // 09:00 in the county
      endsAt: '2026-11-20T03:00:00.000Z',
      volunteerService: true,
    });
    const volunteer = await buildResident(t.deps, { communityId: east.id, name: '冯志愿' });
    t.clock.set('2026-11-20T01:00:00.000Z');
    await buildCheckin(t.deps, { activityId: activity.id, residentId: volunteer.id });
    t.clock.set('2026-11-28T02:00:00.000Z');
    const url = `/api/volunteer-hours/export?communityId=${east.id}&from=2026-11-01&to=2026-11-30`;
    const { headers, rows } = await openSheet(await get(url, eastStaff));
    expect(headers).toEqual([
      '日期',
      '志愿者',
      '社区',
      '来源',
      '内容',
      '开始',
      '结束',
      '结束时间说明',
      '时长（分钟）',
      '时长（小时）',
      '更正',
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.slice(1, 5)).toEqual(['冯志愿', '太风东街社区', '志愿活动', '敬老院陪伴']);
    expect((rows[0]![5] as Date).toISOString()).toBe('2026-11-20T09:00:00.000Z');
    expect(rows[0]![7]).toBe('未签退，按计划结束');
    expect(rows[0]![8]).toBe(120);
    expect((await lastExportAudit())!.summary).toBe(
      '导出志愿服务时长（社区=太风东街社区，时段=2026-11-01至2026-11-30）：1 行',
    );
    expect((await get(url, westStaff)).statusCode).toBe(403);
  });
});
