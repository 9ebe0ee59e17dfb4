import { spawnSync } from 'node:child_process';
import { deflateRawSync } from 'node:zlib';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countyDateOf } from '@zhongli/domain';
import { createTestApp, errorCode, signIn, type TestApp } from './support/app.js';
import { actorOf, buildCommunity, buildResident, buildStaff, buildCenterAdmin } from './support/factories.js';
import { onPostgres, raceControl } from './support/database.js';
import {
  badChecksum,
  birthDateFor,
  multipartBody,
  openingFile,
  residentsFile,
  toFullWidth,
  validIdNumber,
  type ResidentCells,
} from './support/import-files.js';
import { naiveApproveOpeningBatch, naiveReserveCheckRows } from './support/naive-imports.js';
import { checkLedgerIntegrity } from '../src/modules/points/points.integrity.js';
import { approveOpeningBatch, submitOpeningBatch } from '../src/modules/points/index.js';
import { createStandaloneDatabase, standaloneDeps } from './support/standalone-database.js';
import { IMPORT_CHECK_ROWS_PER_DAY } from '../src/modules/imports/imports.service.js';
import { importResidents } from '../src/modules/residents/index.js';

/**
 * Excel imports (导入): the residents sheet (dry run, then all-or-nothing in one transaction, 更新已有居民, scope)
 * and opening balances (期初积分) as one batch approved by a second person, written as `opening` entries.
 */
let t: TestApp;
let a: { id: number; name: string };
let b: { id: number; name: string };
let staffA: { id: number; phone: string };
let staffA2: { id: number; phone: string };
let staffA3: { id: number; phone: string };
let cookieA: string;
let cookieA2: string;
let cookieA3: string;
let cookieB: string;
let cookieCenter: string;
/** a resident of A with a login whose phone the big file repeats */
let registered: { id: number; phone: string | null };

beforeAll(async () => {
  t = await createTestApp();
  a = await buildCommunity(t.deps, '导入甲社区');
  b = await buildCommunity(t.deps, '导入乙社区');
  staffA = await buildStaff(t.deps, a.id);
  staffA2 = await buildStaff(t.deps, a.id);
  staffA3 = await buildStaff(t.deps, a.id);
  const staffB = await buildStaff(t.deps, b.id);
  const center = await buildCenterAdmin(t.deps);
  cookieA = await signIn(t.app, staffA.phone);
  cookieA2 = await signIn(t.app, staffA2.phone);
  cookieA3 = await signIn(t.app, staffA3.phone);
  cookieB = await signIn(t.app, staffB.phone);
  cookieCenter = await signIn(t.app, center.phone);
  registered = await buildResident(t.deps, { communityId: a.id, withLogin: true, name: '已登记居民' });
}, 60_000);
afterAll(() => t.close());

const counts = async () => {
  const one = async (table: 'residents' | 'users' | 'audit_log' | 'points_ledger' | 'opening_batches') =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  // the checks' own audit entries (import.check) are written on purpose, even by a dry run: counted apart
  const audit = Number(
    (
      await t.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('action', '!=', 'import.check')
        .executeTakeFirstOrThrow()
    ).n,
  );
  return {
    residents: await one('residents'),
    users: await one('users'),
    audit,
    ledger: await one('points_ledger'),
    batches: await one('opening_batches'),
  };
};

const upload = (url: string, cookie: string, file: Buffer, fields: Record<string, string> = {}) => {
  const { payload, headers } = multipartBody(file, fields);
  return t.app.inject({ method: 'POST', url, payload, headers: { ...headers, cookie } });
};

/** A good row for index i: a unique person (birth date), phone and ID number; every 10th has full-width digits and stray spaces. */
function goodRow(i: number, community = a.name): ResidentCells {
  const idNumber = validIdNumber(birthDateFor(i));
  const phone = `139${String(i).padStart(8, '0')}`;
  const fancy = i % 10 === 0;
  return {
    name: fancy ? `  居民 ${i}  ` : `居民${i}`,
    idNumber: fancy ? toFullWidth(idNumber) : idNumber,
    phone: fancy ? ` ${toFullWidth(phone.slice(0, 3))} ${toFullWidth(phone.slice(3))} ` : phone,
    community,
  };
}

describe('residents import', () => {
  it('gives a template with Chinese headers, an example row and an instructions sheet', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/imports/residents/template',
      headers: { cookie: cookieA },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '姓名',
      '身份证号',
      '出生日期',
      '手机号',
      '社区',
      '联系电话',
      '联系电话备注',
    ]);
    expect(sheet.getCell('E2').value).toBe(a.name);
    expect(workbook.getWorksheet('填写说明')?.getCell('A2').value).toBe('姓名');
    // the example row passes the check as it is
    const check = await upload('/api/imports/residents/check', cookieA, response.rawPayload);
    expect(check.json()).toMatchObject({ rows: 1, valid: 1, errors: [] });
  });

  it('refuses a file that is not an xlsx with a clear 400, writing nothing', async () => {
    const before = await counts();
    const response = await upload('/api/imports/residents', cookieA, Buffer.from('姓名,社区\n张三,甲\n'));
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('NOT_AN_XLSX');
    expect(await counts()).toEqual(before);
  });

  it('dry-runs 1,000 rows with 30 bad ones: names each bad row and its reason and writes nothing; the import refuses the same file; fixed, all 1,000 are written', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => goodRow(i));
    const expected = new Map<number, string>();
    const excelRow = (i: number) => i + 2;
    for (let k = 0; k < 8; k++) {
      const i = 50 + k * 100;
      rows[i]!.idNumber = badChecksum(validIdNumber(birthDateFor(i)));
      expected.set(excelRow(i), '身份证号');
    }
    for (let k = 0; k < 4; k++) {
      const i = 60 + k * 100;
      rows[i]!.phone = rows[i - 1]!.phone; // the row above's phone
      expected.set(excelRow(i), '手机号');
    }
    for (let k = 0; k < 4; k++) {
      const i = 70 + k * 100;
      rows[i]!.phone = registered.phone!; // already a resident's phone in the database
      expected.set(excelRow(i), '手机号');
    }
    for (let k = 0; k < 7; k++) {
      const i = 80 + k * 100;
      rows[i]!.community = '没有这个社区';
      expected.set(excelRow(i), '社区');
    }
    for (let k = 0; k < 7; k++) {
      const i = 90 + k * 100;
      rows[i]!.name = '  ';
      expected.set(excelRow(i), '姓名');
    }
    expect(expected.size).toBe(30);
    const file = await residentsFile(rows);
    const before = await counts();

    const check = await upload('/api/imports/residents/check', cookieA, file);
    expect(check.statusCode).toBe(200);
    const report = check.json() as {
      rows: number;
      valid: number;
      errors: { row: number; field: string; message: string }[];
    };
    expect(report.rows).toBe(1000);
    expect(report.valid).toBe(970);
    expect(new Map(report.errors.map((e) => [e.row, e.field]))).toEqual(expected);
    const reason = (row: number) => report.errors.find((e) => e.row === row)!.message;
    expect(reason(excelRow(50))).toContain('校验');
    expect(reason(excelRow(60))).toBe(`与第${excelRow(59)}行的手机号重复`);
    expect(reason(excelRow(70))).toContain('已被登记');
    expect(reason(excelRow(80))).toContain('没有名为“没有这个社区”的社区');
    expect(reason(excelRow(90))).toContain('姓名');
    expect(await counts()).toEqual(before);

    const refused = await upload('/api/imports/residents', cookieA, file);
    expect(refused.statusCode).toBe(400);
    expect(errorCode(refused)).toBe('IMPORT_HAS_ERRORS');
    expect((refused.json() as { error: { errors: unknown[] } }).error.errors).toHaveLength(30);
    expect(await counts()).toEqual(before);

    const fixed = await residentsFile(Array.from({ length: 1000 }, (_, i) => goodRow(i)));
    const done = await upload('/api/imports/residents', cookieA, fixed);
    expect(done.statusCode, done.body).toBe(201);
    const { importId, created, updated } = done.json() as { importId: number; created: number; updated: number };
    expect({ created, updated }).toEqual({ created: 1000, updated: 0 });
    const after = await counts();
    expect(after.residents - before.residents).toBe(1000);
    expect(after.users - before.users).toBe(1000);
    // full-width digits and spaces were normalised: the 10th row's phone signs in as 13900000010
    const tenth = await t.db
      .selectFrom('residents')
      .innerJoin('users', 'users.id', 'residents.user_id')
      .select(['residents.name', 'users.phone', 'residents.birth_date', 'residents.id_number_masked'])
      .where('users.phone', '=', '13900000010')
      .executeTakeFirstOrThrow();
    expect(tenth).toEqual({
      name: '居民 10',
      phone: '13900000010',
      birth_date: birthDateFor(10),
      id_number_masked: '1101**************',
    });
    const imported = await t.db
      .selectFrom('resident_import_rows')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('import_id', '=', importId)
      .executeTakeFirstOrThrow();
    expect(Number(imported.n)).toBe(1000);

    // its card sheet: the import's residents in row order, each with a QR code
    const sheet = await t.app.inject({
      method: 'GET',
      url: `/api/residents/cards?importId=${importId}`,
      headers: { cookie: cookieA },
    });
    expect(sheet.statusCode).toBe(200);
    const cards = sheet.json() as { cards: { name: string; memberCode: string; qrSvg: string }[]; truncated: boolean };
    expect(cards.cards).toHaveLength(400);
    expect(cards.truncated).toBe(true);
    expect(cards.cards[0]).toMatchObject({ name: '居民 0' });
    expect(cards.cards[0]!.qrSvg).toContain('<svg');
    // another community's staff see none of them
    const other = await t.app.inject({
      method: 'GET',
      url: `/api/residents/cards?importId=${importId}`,
      headers: { cookie: cookieB },
    });
    expect((other.json() as { cards: unknown[] }).cards).toHaveLength(0);
  }, 120_000);

  it('a failure halfway (a clash only the database sees, on row 600) writes nothing', async () => {
    await buildResident(t.deps, { communityId: a.id, name: '撞名居民' });
    // a unique key the application knows nothing about: only the INSERT of row 600 meets it
    await sql`create unique index test_import_clash on residents (name) where name = '撞名居民'`.execute(t.db);
    try {
      const rows = Array.from({ length: 700 }, (_, i) => goodRow(2000 + i));
      rows[598]!.name = '撞名居民';
      const before = await counts();
      const response = await upload('/api/imports/residents', cookieA, await residentsFile(rows));
      expect(response.statusCode).toBe(409);
      expect(await counts()).toEqual(before);
      const firstRow = await t.db
        .selectFrom('users')
        .select('id')
        .where('phone', '=', '13900002000')
        .executeTakeFirst();
      expect(firstRow).toBeUndefined();
    } finally {
      await sql`drop index test_import_clash`.execute(t.db);
    }
  }, 60_000);

  it('更新已有居民: a resident already registered is reported as a duplicate, or updated when asked', async () => {
    const first = goodRow(3000);
    expect((await upload('/api/imports/residents', cookieA, await residentsFile([first]))).statusCode).toBe(201);
    const again = { ...first, name: '改过的名字', contactPhone: '057188886666', contactNote: '座机' };
    const file = await residentsFile([again, goodRow(3001)]);

    const check = await upload('/api/imports/residents/check', cookieA, file);
    expect(check.json()).toMatchObject({ valid: 1, errors: [{ row: 2, field: '身份证号' }] });

    const before = await counts();
    const done = await upload('/api/imports/residents', cookieA, file, { updateExisting: '1' });
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json()).toMatchObject({ created: 1, updated: 1 });
    expect((await counts()).residents - before.residents).toBe(1);
    const row = await t.db
      .selectFrom('residents')
      .innerJoin('users', 'users.id', 'residents.user_id')
      .select(['residents.name', 'residents.contact_phone', 'residents.contact_note'])
      .where('users.phone', '=', '13900003000')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name: '改过的名字', contact_phone: '057188886666', contact_note: '座机' });
  });

  it('community staff import into their own community only; the center into any', async () => {
    const file = await residentsFile([goodRow(4000, b.name)]);
    const before = await counts();
    const refused = await upload('/api/imports/residents', cookieA, file);
    expect(errorCode(refused)).toBe('IMPORT_HAS_ERRORS');
    expect((refused.json() as { error: { errors: { message: string }[] } }).error.errors[0]!.message).toBe(
      '只能导入本社区的居民',
    );
    expect(await counts()).toEqual(before);
    const center = await upload('/api/imports/residents', cookieCenter, file);
    expect(center.statusCode).toBe(201);
  });

  it('a future birth date is a bad row', async () => {
    const response = await upload(
      '/api/imports/residents/check',
      cookieA,
      await residentsFile([{ name: '未来人', birthDate: '2027-01-01', community: a.name }]),
    );
    expect(response.json()).toMatchObject({ errors: [{ row: 2, field: '出生日期', message: '出生日期不能晚于今天' }] });
  });
});

describe('opening balances (期初积分)', () => {
  let residents: { id: number; memberCode: string }[];
  beforeAll(async () => {
    residents = [];
    for (let i = 0; i < 4; i++) {
      const { id } = await buildResident(t.deps, { communityId: a.id, name: `台账居民${i}` });
      const { member_code } = await t.db
        .selectFrom('residents')
        .select('member_code')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      residents.push({ id, memberCode: member_code });
    }
  });

  const openingKinds = () =>
    t.db
      .selectFrom('points_ledger')
      .select(['resident_id', 'delta'])
      .where('kind', '=', 'opening')
      .orderBy('resident_id')
      .execute();

  it('a batch waits for a second person: the uploader cannot approve, a colleague can; entries verify; a second opening is refused', async () => {
    const file = await openingFile([
      { memberCode: residents[0]!.memberCode, points: '120', note: '2025年台账' },
      { memberCode: residents[1]!.memberCode, name: '台账居民1', points: '１，５００' },
      { memberCode: residents[1]!.memberCode, points: '5' },
      { memberCode: '0000000000', points: '5' },
      { memberCode: residents[2]!.memberCode, points: '-3' },
      { memberCode: residents[2]!.memberCode, name: '别人', points: '3' },
    ]);
    const check = await upload('/api/imports/opening/check', cookieA, file);
    expect(check.json()).toMatchObject({
      rows: 6,
      valid: 2,
      totalPoints: 1620,
      errors: [
        { row: 4, field: '会员号', message: '与第3行是同一位居民' },
        { row: 5, field: '会员号' },
        { row: 6, field: '期初积分' },
        { row: 7, field: '姓名' },
      ],
    });
    const before = await counts();
    expect(errorCode(await upload('/api/imports/opening', cookieA, file))).toBe('IMPORT_HAS_ERRORS');
    expect(await counts()).toEqual(before);

    const good = await openingFile([
      { memberCode: residents[0]!.memberCode, points: '120', note: '2025年台账' },
      { memberCode: residents[1]!.memberCode, name: '台账居民1', points: '１，５００' },
    ]);
    const submitted = await upload('/api/imports/opening', cookieA, good);
    expect(submitted.statusCode, submitted.body).toBe(201);
    const batch = submitted.json() as {
      id: number;
      status: string;
      rowCount: number;
      totalPoints: number;
      canDecide: boolean;
    };
    expect(batch).toMatchObject({ status: 'pending', rowCount: 2, totalPoints: 1620, canDecide: false });
    expect((await counts()).ledger).toBe(before.ledger);

    const listed = await t.app.inject({ method: 'GET', url: '/api/opening-batches', headers: { cookie: cookieA2 } });
    expect((listed.json() as { batches: { id: number; canDecide: boolean }[] }).batches).toContainEqual(
      expect.objectContaining({ id: batch.id, canDecide: true }),
    );
    const hidden = await t.app.inject({ method: 'GET', url: '/api/opening-batches', headers: { cookie: cookieB } });
    expect((hidden.json() as { batches: unknown[] }).batches).toEqual([]);

    // the same residents cannot go into a second batch while this one waits
    const twice = await upload('/api/imports/opening/check', cookieA2, good);
    expect((twice.json() as { errors: { message: string }[] }).errors[0]!.message).toBe(
      `该居民已在待审核的第${batch.id}批中`,
    );

    const self = await t.app.inject({
      method: 'POST',
      url: `/api/opening-batches/${batch.id}/approve`,
      headers: { cookie: cookieA },
    });
    expect(self.statusCode).toBe(403);
    expect(errorCode(self)).toBe('BATCH_SAME_PERSON');
    const outsider = await t.app.inject({
      method: 'POST',
      url: `/api/opening-batches/${batch.id}/approve`,
      headers: { cookie: cookieB },
    });
    expect(outsider.statusCode).toBe(403);
    expect(await counts()).toEqual({ ...(await counts()), ledger: before.ledger });

    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/opening-batches/${batch.id}/approve`,
      headers: { cookie: cookieA2 },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decidedBy: { id: staffA2.id } });
    expect(await openingKinds()).toEqual([
      { resident_id: residents[0]!.id, delta: 120 },
      { resident_id: residents[1]!.id, delta: 1500 },
    ]);
    const balance = await t.db
      .selectFrom('points_balances')
      .select('balance')
      .where('resident_id', '=', residents[1]!.id)
      .executeTakeFirstOrThrow();
    expect(balance.balance).toBe(1500);
    const report = await checkLedgerIntegrity(t.db, t.clock.now());
    expect(report.mismatches).toEqual([]);
    expect(report.ok).toBe(true);

    const again = await t.app.inject({
      method: 'POST',
      url: `/api/opening-batches/${batch.id}/approve`,
      headers: { cookie: cookieA3 },
    });
    expect(errorCode(again)).toBe('BATCH_NOT_PENDING');
    const once = await upload('/api/imports/opening/check', cookieA, good);
    expect((once.json() as { errors: { message: string }[] }).errors.map((e) => e.message)).toEqual([
      '该居民的期初积分已经录入过，只能录入一次',
      '该居民的期初积分已经录入过，只能录入一次',
    ]);
  });

  it('a rejected batch writes nothing and frees its residents', async () => {
    const file = await openingFile([{ memberCode: residents[2]!.memberCode, points: '30' }]);
    const { id } = (await upload('/api/imports/opening', cookieA, file)).json() as { id: number };
    const before = await counts();
    const rejected = await t.app.inject({
      method: 'POST',
      url: `/api/opening-batches/${id}/reject`,
      headers: { cookie: cookieA2 },
      payload: { reason: '数字与台账不符' },
    });
    expect(rejected.json()).toMatchObject({ status: 'rejected', rejectReason: '数字与台账不符' });
    expect((await counts()).ledger).toBe(before.ledger);
    expect((await upload('/api/imports/opening/check', cookieA, file)).json()).toMatchObject({ valid: 1, errors: [] });
  });

  it('two approvals at once write the batch once', async () => {
    const { id } = (
      await upload(
        '/api/imports/opening',
        cookieA,
        await openingFile([{ memberCode: residents[3]!.memberCode, points: '77' }]),
      )
    ).json() as { id: number };
    const results = await Promise.all(
      [cookieA2, cookieA3, cookieA2, cookieA3].map((cookie) =>
        t.app.inject({ method: 'POST', url: `/api/opening-batches/${id}/approve`, headers: { cookie } }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
    const entries = (await openingKinds()).filter((e) => e.resident_id === residents[3]!.id);
    expect(entries).toEqual([{ resident_id: residents[3]!.id, delta: 77 }]);
    expect((await checkLedgerIntegrity(t.db, t.clock.now())).ok).toBe(true);
  });

  it(
    raceControl(
      'a look-then-approve batch approval writes the batch more than once',
      'a look-then-approve batch approval writes the batch once',
    ),
    async () => {
      const resident = await buildResident(t.deps, { communityId: a.id });
      const { member_code } = await t.db
        .selectFrom('residents')
        .select('member_code')
        .where('id', '=', resident.id)
        .executeTakeFirstOrThrow();
      const { id } = (
        await upload('/api/imports/opening', cookieA, await openingFile([{ memberCode: member_code, points: '10' }]))
      ).json() as { id: number };
      const approvers = [await actorOf(t.deps, staffA2), await actorOf(t.deps, staffA3)];
      await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => naiveApproveOpeningBatch(t.deps, approvers[i % 2]!, id)),
      );
      const entries = await t.db
        .selectFrom('points_ledger')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('resident_id', '=', resident.id)
        .executeTakeFirstOrThrow();
      if (onPostgres) expect(Number(entries.n)).toBeGreaterThan(1);
      else expect(Number(entries.n)).toBe(1);
    },
  );
});

describe('npm run points:verify after an opening batch', () => {
  it('exits 0 and counts the opening entries', async () => {
    const database = await createStandaloneDatabase();
    try {
      const handle = database.open();
      try {
        const deps = await standaloneDeps(handle);
        const community = await buildCommunity(deps);
        const uploader = await actorOf(deps, await buildStaff(deps, community.id));
        const approver = await actorOf(deps, await buildStaff(deps, community.id));
        const rows = [];
        for (let i = 0; i < 3; i++) {
          const { id } = await buildResident(deps, { communityId: community.id });
          const r = await deps.db
            .selectFrom('residents')
            .select('member_code')
            .where('id', '=', id)
            .executeTakeFirstOrThrow();
          const cells = {
            memberCode: r.member_code,
            idNumber: '',
            phone: '',
            name: '',
            points: String(10 * (i + 1)),
            note: '',
          };
          rows.push({ row: i + 2, cells });
        }
        const batchId = await submitOpeningBatch({ deps, actor: uploader, rows });
        await approveOpeningBatch({ deps, actor: approver, batchId });
      } finally {
        await handle.close();
      }
      const verify = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/points-verify.ts'], {
        cwd: path.resolve(import.meta.dirname, '..'),
        env: { ...process.env, ...database.env },
        encoding: 'utf8',
      });
      expect(verify.status, verify.stderr).toBe(0);
      expect(verify.stdout).toContain('entries: 3');
      expect(verify.stdout).toContain('OK');
    } finally {
      await database.drop();
    }
  }, 60_000);
});

/** A zip of these entries, deflated (CRCs left 0: the size guard must refuse before anything reads them). */
function zipOf(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const packed = deflateRawSync(data, { level: 9 });
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('review findings (issue 13 review of imports)', () => {
  const auditChecks = (userId: number) =>
    t.db
      .selectFrom('audit_log')
      .select(['summary'])
      .where('action', '=', 'import.check')
      .where('actor_user_id', '=', userId)
      .orderBy('id')
      .execute();

  it('a dry run does not say which row is another community’s resident (ID or phone), and every check is audited', async () => {
    const secret = validIdNumber('1948-03-07', 437);
    const elsewhere = await upload(
      '/api/imports/residents',
      cookieB,
      await residentsFile([{ name: '乙社区居民', idNumber: secret, phone: '13812345437', community: b.name }]),
    );
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    const guesses: ResidentCells[] = Array.from({ length: 30 }, (_, i) => ({
      name: `猜${i}`,
      idNumber: validIdNumber('1948-03-07', 420 + i),
      community: a.name,
    }));
    guesses.push({ name: '猜电话', phone: '13812345437', birthDate: '1950-01-01', community: a.name });
    const auditsBefore = (await auditChecks(staffA.id)).length;
    for (const updateExisting of ['0', '1']) {
      const check = await upload('/api/imports/residents/check', cookieA, await residentsFile(guesses), {
        updateExisting,
      });
      expect(check.statusCode, check.body).toBe(200);
      const errors = (check.json() as { errors: { row: number; field: string; message: string }[] }).errors;
      // the ID row (437 → row 19) and the phone row (row 32) read the same: no column, no "registered"
      expect(errors).toEqual([
        { row: 19, field: '姓名', message: '无法导入此行，请到居民所在社区办理' },
        { row: 32, field: '姓名', message: '无法导入此行，请到居民所在社区办理' },
      ]);
    }
    const audits = await auditChecks(staffA.id);
    expect(audits.slice(auditsBefore)).toEqual([
      { summary: '核对居民表格：31 行' },
      { summary: '核对居民表格：31 行' },
    ]);

    // the opening check answers an ID number of another community exactly as an unknown one
    const { member_code } = await t.db
      .selectFrom('residents')
      .select('member_code')
      .where('name', '=', '乙社区居民')
      .executeTakeFirstOrThrow();
    const opening = await upload(
      '/api/imports/opening/check',
      cookieA,
      await openingFile([
        { idNumber: secret, points: '10' },
        { idNumber: validIdNumber('1948-03-07', 438), points: '10' },
        { memberCode: member_code, points: '10' },
      ]),
    );
    const openingErrors = (opening.json() as { errors: { row: number; message: string }[] }).errors;
    expect(openingErrors[0]!.message).toBe(openingErrors[1]!.message);
    expect(openingErrors[2]!.message).toBe('本社区没有这个会员号的居民');
    expect((await auditChecks(staffA.id)).at(-1)).toEqual({ summary: '核对期初积分表格：3 行' });
  });

  it('a daily quota of checked rows per account is reserved before the check: past it, 429 and nothing looked up or written', async () => {
    const staff = await buildStaff(t.deps, a.id);
    const cookie = await signIn(t.app, staff.phone);
    const day = countyDateOf(t.clock.now());
    await t.db
      .insertInto('import_check_usage')
      .values({ user_id: staff.id, day, rows: IMPORT_CHECK_ROWS_PER_DAY - 2 })
      .execute();
    const three = await residentsFile(
      [0, 1, 2].map((i) => ({ name: `配额${i}`, community: a.name, birthDate: '1950-01-01' })),
    );
    const before = await counts();
    const refused = await upload('/api/imports/residents/check', cookie, three);
    expect(refused.statusCode).toBe(429);
    expect(errorCode(refused)).toBe('IMPORT_QUOTA_EXCEEDED');
    const importRefused = await upload('/api/imports/residents', cookie, three);
    expect(errorCode(importRefused)).toBe('IMPORT_QUOTA_EXCEEDED');
    expect(await counts()).toEqual(before);
    expect(await auditChecks(staff.id)).toEqual([]);
    const usage = () =>
      t.db.selectFrom('import_check_usage').select('rows').where('user_id', '=', staff.id).executeTakeFirstOrThrow();
    expect((await usage()).rows).toBe(IMPORT_CHECK_ROWS_PER_DAY - 2);
    const two = await residentsFile(
      [0, 1].map((i) => ({ name: `配额${i}`, community: a.name, birthDate: '1950-01-01' })),
    );
    expect((await upload('/api/imports/residents/check', cookie, two)).statusCode).toBe(200);
    expect((await usage()).rows).toBe(IMPORT_CHECK_ROWS_PER_DAY);
    expect(
      errorCode(
        await upload('/api/imports/opening/check', cookie, await openingFile([{ memberCode: '1', points: '1' }])),
      ),
    ).toBe('IMPORT_QUOTA_EXCEEDED');
  });

  it('parallel checks cannot pass the quota together', async () => {
    const staff = await buildStaff(t.deps, a.id);
    const cookie = await signIn(t.app, staff.phone);
    await t.db
      .insertInto('import_check_usage')
      .values({ user_id: staff.id, day: countyDateOf(t.clock.now()), rows: IMPORT_CHECK_ROWS_PER_DAY - 5 })
      .execute();
    const one = await residentsFile([{ name: '并发', community: a.name, birthDate: '1950-01-01' }]);
    const results = await Promise.all(
      Array.from({ length: 12 }, () => upload('/api/imports/residents/check', cookie, one)),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([...Array(5).fill(200), ...Array(7).fill(429)]);
    const { rows } = await t.db
      .selectFrom('import_check_usage')
      .select('rows')
      .where('user_id', '=', staff.id)
      .executeTakeFirstOrThrow();
    expect(rows).toBe(IMPORT_CHECK_ROWS_PER_DAY);
    expect(await auditChecks(staff.id)).toHaveLength(5);
  });

  it(
    raceControl('a read-then-write quota lets parallel checks past it', 'a read-then-write quota stops at it'),
    async () => {
      const staff = await buildStaff(t.deps, a.id);
      const day = countyDateOf(t.clock.now());
      await t.db
        .insertInto('import_check_usage')
        .values({ user_id: staff.id, day, rows: IMPORT_CHECK_ROWS_PER_DAY - 5 })
        .execute();
      const granted = await Promise.all(
        Array.from({ length: 12 }, () =>
          naiveReserveCheckRows(t.deps, { userId: staff.id, day, rows: 1, limit: IMPORT_CHECK_ROWS_PER_DAY }),
        ),
      );
      const count = granted.filter(Boolean).length;
      if (onPostgres) expect(count).toBeGreaterThan(5);
      else expect(count).toBe(5);
    },
  );

  it('更新已有居民: a row matched by phone whose ID number is another person’s is refused; the resident keeps their name', async () => {
    const idX = validIdNumber('1945-05-05', 11);
    const idY = validIdNumber('1960-01-01', 22);
    const first = await upload(
      '/api/imports/residents',
      cookieA,
      await residentsFile([{ name: '王大妈', idNumber: idX, phone: '13912340000', community: a.name }]),
    );
    expect(first.statusCode, first.body).toBe(201);
    const other = await residentsFile([{ name: '李四', idNumber: idY, phone: '13912340000', community: a.name }]);
    const check = await upload('/api/imports/residents/check', cookieA, other, { updateExisting: '1' });
    expect(check.json()).toMatchObject({
      valid: 0,
      errors: [{ row: 2, field: '身份证号', message: '身份证号与该手机号登记的居民不一致' }],
    });
    const before = await counts();
    const refused = await upload('/api/imports/residents', cookieA, other, { updateExisting: '1' });
    expect(errorCode(refused)).toBe('IMPORT_HAS_ERRORS');
    expect(await counts()).toEqual(before);
    const resident = await t.db
      .selectFrom('residents')
      .select(['name', 'birth_date'])
      .where('birth_date', '=', '1945-05-05')
      .where('name', 'in', ['王大妈', '李四'])
      .execute();
    expect(resident).toEqual([{ name: '王大妈', birth_date: '1945-05-05' }]);
    // the same person's own ID number with the phone still updates
    const same = await upload(
      '/api/imports/residents',
      cookieA,
      await residentsFile([{ name: '王秀兰', idNumber: idX, phone: '13912340000', community: a.name }]),
      { updateExisting: '1' },
    );
    expect(same.json()).toMatchObject({ created: 0, updated: 1 });
  });

  it('a resident archived between the check and the write is not updated: the whole import rolls back with IMPORT_ROW_CHANGED', async () => {
    const target = await buildResident(t.deps, { communityId: a.id, withLogin: true, name: '将迁出居民' });
    const { birth_date } = await t.db
      .selectFrom('residents')
      .select('birth_date')
      .where('id', '=', target.id)
      .executeTakeFirstOrThrow();
    const rows = [
      { ...goodRow(5001), name: '新居民五千零一' },
      { name: '改名居民', phone: target.phone!, birthDate: birth_date ?? '1950-01-01', community: a.name },
    ];
    const actor = await actorOf(t.deps, staffA);
    const db = t.deps.db;
    // another desk archives the resident after the plan was made, just before the import's transaction
    const racing = new Proxy(db, {
      get(target_, prop, receiver) {
        const value: unknown = Reflect.get(target_, prop, receiver);
        if (prop !== 'transaction') return typeof value === 'function' ? value.bind(target_) : value;
        return () => {
          const builder = target_.transaction();
          return {
            execute: async (fn: Parameters<typeof builder.execute>[0]) => {
              await db
                .updateTable('residents')
                .set({
                  archived_at: t.clock.now().toISOString(),
                  archive_reason: 'moved',
                  archived_on: countyDateOf(t.clock.now()),
                })
                .where('id', '=', target.id)
                .execute();
              return builder.execute(fn);
            },
          };
        };
      },
    });
    const before = await counts();
    await expect(
      importResidents({
        deps: { ...t.deps, db: racing },
        actor,
        rows: rows.map((cells, i) => ({
          row: i + 2,
          cells: { birthDate: '', idNumber: '', phone: '', contactPhone: '', contactNote: '', ...cells } as never,
        })),
        updateExisting: true,
      }),
    ).rejects.toMatchObject({ code: 'IMPORT_ROW_CHANGED' });
    expect(await counts()).toEqual(before);
    const after = await t.db
      .selectFrom('residents')
      .select('name')
      .where('id', '=', target.id)
      .executeTakeFirstOrThrow();
    expect(after.name).toBe('将迁出居民');
  });

  it('an opening batch is approved against where each resident lives NOW: moved out of the approver’s communities, FORBIDDEN and nothing credited', async () => {
    const resident = await buildResident(t.deps, { communityId: a.id, name: '待迁居民' });
    const { member_code } = await t.db
      .selectFrom('residents')
      .select('member_code')
      .where('id', '=', resident.id)
      .executeTakeFirstOrThrow();
    const submitted = await upload(
      '/api/imports/opening',
      cookieA,
      await openingFile([{ memberCode: member_code, points: '30' }]),
    );
    const { id } = submitted.json() as { id: number };
    await t.db.updateTable('residents').set({ community_id: b.id }).where('id', '=', resident.id).execute();
    const before = await counts();
    const approve = await t.app.inject({
      method: 'POST',
      url: `/api/opening-batches/${id}/approve`,
      headers: { cookie: cookieA2 },
    });
    expect(approve.statusCode).toBe(403);
    expect(errorCode(approve)).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
    const batch = await t.db
      .selectFrom('opening_batches')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(batch.status).toBe('pending');
  });

  it('a birth date typed as an Excel serial number (General format) or given by a formula is read as that date', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('居民');
    sheet.addRow(['姓名', '出生日期', '社区']);
    sheet.addRow(['序号日期', 18_692, a.name]); // 1951-03-05
    sheet.addRow(['公式日期', { formula: 'B2+1', result: 18_693 }, a.name]);
    sheet.addRow(['不是日期', 18_692.5, a.name]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const check = await upload('/api/imports/residents/check', cookieA, file);
    expect(check.json()).toMatchObject({ rows: 3, valid: 2, errors: [{ row: 4, field: '出生日期' }] });
    const fixed = new ExcelJS.Workbook();
    fixed.addWorksheet('居民').addRows([
      ['姓名', '出生日期', '社区'],
      ['序号日期', 18_692, a.name],
    ]);
    const done = await upload('/api/imports/residents', cookieA, Buffer.from(await fixed.xlsx.writeBuffer()));
    expect(done.statusCode, done.body).toBe(201);
    const row = await t.db
      .selectFrom('residents')
      .select('birth_date')
      .where('name', '=', '序号日期')
      .executeTakeFirstOrThrow();
    expect(row.birth_date).toBe('1951-03-05');
  });

  it('a zip bomb (a small upload inflating past the cap) is refused with a 400 before it is parsed', async () => {
    const header = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet><sheetData>';
    const sheet = Buffer.alloc(80 * 1024 * 1024, '<row><c t="inlineStr"><is><t>x</t></is></c></row>');
    const bomb = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.concat([Buffer.from(header), sheet]) },
    ]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const before = await counts();
    const response = await upload('/api/imports/residents/check', cookieA, bomb);
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('VALIDATION_FAILED');
    expect(response.body).toContain('解压后超过');
    expect(await counts()).toEqual(before);
  });
});
