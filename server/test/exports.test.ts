import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, errorFields, signIn, type TestApp } from './support/app.js';
import { buildCenterAdmin, buildCommunity, buildResident, buildStaff, fundResident } from './support/factories.js';

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
    expect(headers).toEqual(['会员号', '姓名', '性别', '出生日期', '社区', '手机号', '联系电话', '登记时间', '迁出/已故时间']);
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
    const november = await openSheet(await get(`/api/points/ledger/export?communityId=${east.id}&from=2026-11-01&to=2026-11-30`, eastStaff));
    expect(november.rows.filter((r) => r[1] === '赵淑珍').map((r) => r[5])).toEqual([20]);
    const december = await openSheet(await get(`/api/points/ledger/export?communityId=${east.id}&from=2026-12-01&to=2026-12-01`, eastStaff));
    expect(december.rows.map((r) => r[5])).toEqual([30]);
    const entry = await lastExportAudit();
    expect(entry!.summary).toBe('导出积分流水（社区=太风东街社区，时段=2026-12-01至2026-12-01）：1 行');
    // The center sees every community; west's staff only theirs.
    const all = await openSheet(await get('/api/points/ledger/export?from=2026-11-01&to=2026-11-30', center));
    expect(all.rows.map((r) => r[3])).toEqual(expect.arrayContaining(['太风东街社区', '西关社区']));
    const westOnly = await openSheet(await get('/api/points/ledger/export?from=2026-11-01&to=2026-12-31', westStaff));
    expect(new Set(westOnly.rows.map((r) => r[3]))).toEqual(new Set(['西关社区']));
    expect((await get(`/api/points/ledger/export?communityId=${east.id}&from=2026-11-01&to=2026-11-30`, westStaff)).statusCode).toBe(403);
  });

  it('refuses a period that ends before it starts, naming the field', async () => {
    const bad = await get(`/api/points/ledger/export?from=2026-12-01&to=2026-11-01`, eastStaff);
    expect(bad.statusCode).toBe(400);
    expect(errorFields(bad)).toEqual(['to']);
  });
});
