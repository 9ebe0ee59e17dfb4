import type { Generated, Kysely } from 'kysely';
import type { Response as LightMyRequestResponse } from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TPartner, TPartnerDetail } from '@zhongli/domain';
import * as partnerRecords from '../src/db/migrations/20261205_0201_partner_records.js';
import { createTestApp, errorCode, errorFields, signIn, type TestApp } from './support/app.js';
import { onPostgres, raceControl } from './support/database.js';
import { buildActivity, buildCenterAdmin, buildCommunity, buildStaff } from './support/factories.js';
import { naiveCreatePartner } from './support/naive-partners.js';

let t: TestApp;
let admin: string;
let east: { id: number };
let eastStaff: string;
let westStaff: string;
let west: { id: number };
beforeAll(async () => {
  t = await createTestApp();
  admin = await signIn(t.app, (await buildCenterAdmin(t.deps)).phone);
  east = await buildCommunity(t.deps, '东园社区');
  west = await buildCommunity(t.deps, '西园社区');
  eastStaff = await signIn(t.app, (await buildStaff(t.deps, east.id)).phone);
  westStaff = await signIn(t.app, (await buildStaff(t.deps, west.id)).phone);
});
afterAll(() => t.close());

const as = (
  cookie: string,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: object,
): Promise<LightMyRequestResponse> =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload }) });

let seq = 0;
const unique = (name: string) => `${name}${++seq}`;

async function create(cookie: string, body: object) {
  const response = await as(cookie, 'POST', '/api/partners', body);
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { id: number }).id;
}

const row = (id: number) => t.db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditOf = async (id: number) =>
  (
    await t.db
      .selectFrom('audit_log')
      .select(['action', 'summary'])
      .where('target_type', '=', 'partner')
      .where('target_id', '=', String(id))
      .orderBy('id')
      .execute()
  ).map((r) => r.action);
const count = async (table: 'partners' | 'audit_log') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const picker = async (cookie: string, communityId: number, extra = '') =>
  (await as(cookie, 'GET', `/api/partners?communityId=${communityId}${extra}`)).json() as TPartner[];

describe('partners as records: create, edit, archive, restore', () => {
  it('registers a partner with its contact (phone normalised), lists it masked, shows it whole on its page; every change audited', async () => {
    const name = unique('县中医院');
    const id = await create(eastStaff, {
      kind: 'institution',
      name,
      communityId: east.id,
      contactPerson: '李医生',
      phone: '+86 139 0000 1234',
      notes: '每月第一周可来义诊',
    });
    expect(await row(id)).toMatchObject({ contact_person: '李医生', phone: '13900001234', archived_at: null });
    const listed = (await picker(eastStaff, east.id)).find((p) => p.id === id);
    expect(listed).toMatchObject({
      phoneMasked: '139****1234',
      contactPerson: '李医生',
      archived: false,
      canEdit: true,
    });
    const detail = (await as(eastStaff, 'GET', `/api/partners/${id}`)).json() as TPartnerDetail;
    expect(detail).toMatchObject({ phone: '13900001234', notes: '每月第一周可来义诊', community: { id: east.id } });

    const edited = await as(eastStaff, 'PATCH', `/api/partners/${id}`, {
      contactPerson: '王护士长',
      phone: '0371-6123 4567',
      notes: '',
    });
    expect(edited.statusCode, edited.body).toBe(204);
    expect(await row(id)).toMatchObject({ contact_person: '王护士长', phone: '0371-61234567', notes: null, name });
    expect((await picker(eastStaff, east.id)).find((p) => p.id === id)?.phoneMasked).toBe('0371-****4567');
    expect(await auditOf(id)).toEqual(['partner.create', 'partner.update']);
  });

  it('refuses bad input with the field and writes nothing: a phone that is neither mobile nor landline, an empty edit, an unknown kind', async () => {
    const id = await create(eastStaff, { kind: 'unit', name: unique('供电所'), communityId: east.id });
    const before = { partners: await count('partners'), audit: await count('audit_log'), row: await row(id) };
    const badPhone = await as(eastStaff, 'POST', '/api/partners', {
      kind: 'unit',
      name: unique('自来水公司'),
      communityId: east.id,
      phone: '12345',
    });
    expect(badPhone.statusCode).toBe(400);
    expect(errorFields(badPhone)).toEqual(['phone']);
    const badEdit = await as(eastStaff, 'PATCH', `/api/partners/${id}`, { phone: '电话号码' });
    expect(errorFields(badEdit)).toEqual(['phone']);
    expect((await as(eastStaff, 'PATCH', `/api/partners/${id}`, {})).statusCode).toBe(400);
    expect(new Set(errorFields(await as(eastStaff, 'PATCH', `/api/partners/${id}`, { name: '  ' })))).toEqual(
      new Set(['name']),
    );
    expect(errorFields(await as(eastStaff, 'PATCH', `/api/partners/${id}`, { kind: 'merchant' }))).not.toEqual([]);
    expect(
      errorFields(
        await as(eastStaff, 'POST', '/api/partners', { kind: 'school', name: unique('小学'), communityId: east.id }),
      ),
    ).toEqual(['kind']);
    expect({ partners: await count('partners'), audit: await count('audit_log'), row: await row(id) }).toEqual(before);
  });

  it('archives out of the picker (still listed with archived=1 and on the activity that names it); a new activity cannot name it; restores it', async () => {
    const id = await create(eastStaff, { kind: 'unit', name: unique('消防救援站'), communityId: east.id });
    const activity = await buildActivity(t.deps, { communityId: east.id, status: 'draft' });
    await t.db.insertInto('activity_partners').values({ activity_id: activity.id, partner_id: id }).execute();

    expect((await as(eastStaff, 'POST', `/api/partners/${id}/archive`)).statusCode).toBe(204);
    expect((await picker(eastStaff, east.id)).map((p) => p.id)).not.toContain(id);
    expect((await picker(eastStaff, east.id, '&archived=1')).find((p) => p.id === id)?.archived).toBe(true);
    expect((await picker(eastStaff, east.id, '&archived=only')).map((p) => p.id)).toContain(id);
    const shown = (await as(eastStaff, 'GET', `/api/activities/${activity.id}`)).json() as {
      partners: { id: number }[];
    };
    expect(shown.partners.map((p) => p.id)).toEqual([id]);
    // the activity that names it keeps it through an edit; a new one cannot name it
    const keep = await as(eastStaff, 'PATCH', `/api/activities/${activity.id}`, { partnerIds: [id] });
    expect(keep.statusCode, keep.body).toBe(200);
    const other = await buildActivity(t.deps, { communityId: east.id, status: 'draft' });
    const refused = await as(eastStaff, 'PATCH', `/api/activities/${other.id}`, { partnerIds: [id] });
    expect(errorFields(refused)).toEqual(['partnerIds']);
    expect(errorCode(await as(eastStaff, 'POST', `/api/partners/${id}/archive`))).toBe('ALREADY_ARCHIVED');

    expect((await as(eastStaff, 'POST', `/api/partners/${id}/unarchive`)).statusCode).toBe(204);
    expect((await picker(eastStaff, east.id)).map((p) => p.id)).toContain(id);
    expect(errorCode(await as(eastStaff, 'POST', `/api/partners/${id}/unarchive`))).toBe('NOT_ARCHIVED');
    expect(await auditOf(id)).toEqual(['partner.create', 'partner.archive', 'partner.unarchive']);
  });
});

describe('who may change a partner', () => {
  it("refuses another community's staff, and community staff on a county-wide partner (the center's); nothing written", async () => {
    const own = await create(eastStaff, { kind: 'unit', name: unique('东园物业'), communityId: east.id });
    const countyWide = await create(admin, { kind: 'institution', name: unique('县法律援助中心') });
    const before = {
      partners: await t.db.selectFrom('partners').selectAll().execute(),
      audit: await count('audit_log'),
    };
    for (const [cookie, id] of [
      [westStaff, own],
      [eastStaff, countyWide],
    ] as const) {
      expect((await as(cookie, 'PATCH', `/api/partners/${id}`, { contactPerson: '某人' })).statusCode).toBe(403);
      expect((await as(cookie, 'POST', `/api/partners/${id}/archive`)).statusCode).toBe(403);
    }
    expect((await as(westStaff, 'GET', `/api/partners/${own}`)).statusCode).toBe(403);
    expect((await as(eastStaff, 'POST', '/api/partners', { kind: 'unit', name: unique('全县单位') })).statusCode).toBe(
      403,
    );
    expect(
      (await as(westStaff, 'POST', '/api/partners', { kind: 'unit', name: unique('别人的'), communityId: east.id }))
        .statusCode,
    ).toBe(403);
    expect({
      partners: await t.db.selectFrom('partners').selectAll().execute(),
      audit: await count('audit_log'),
    }).toEqual(before);
    // community staff read the county-wide partner (their activities name it) but may not edit it
    const read = (await as(eastStaff, 'GET', `/api/partners/${countyWide}`)).json() as TPartnerDetail;
    expect(read.canEdit).toBe(false);
    expect((await as(admin, 'PATCH', `/api/partners/${countyWide}`, { contactPerson: '张律师' })).statusCode).toBe(204);
    expect((await as(admin, 'PATCH', `/api/partners/${own}`, { contactPerson: '中心代改' })).statusCode).toBe(204);
  });
});

describe('the console list', () => {
  it("shows community staff their communities' partners and the county-wide ones, the center all; filters by kind and search", async () => {
    const ownName = unique('东园老年大学');
    const own = await create(eastStaff, {
      kind: 'institution',
      name: ownName,
      communityId: east.id,
      contactPerson: '孙校长',
    });
    const theirs = await create(westStaff, { kind: 'institution', name: unique('西园老年大学'), communityId: west.id });
    const county = await create(admin, { kind: 'unit', name: unique('县总工会') });
    const ids = async (cookie: string, query = '') =>
      ((await as(cookie, 'GET', `/api/partners${query}`)).json() as TPartner[]).map((p) => p.id);
    expect(await ids(eastStaff)).toEqual(expect.arrayContaining([own, county]));
    expect(await ids(eastStaff)).not.toContain(theirs);
    expect(await ids(admin)).toEqual(expect.arrayContaining([own, theirs, county]));
    expect(await ids(eastStaff, '?kind=unit')).not.toContain(own);
    expect(await ids(eastStaff, `?q=${encodeURIComponent('孙校')}`)).toEqual([own]);
    expect(await ids(eastStaff, `?q=${encodeURIComponent('%')}`)).toEqual([]);
    expect(errorFields(await as(eastStaff, 'GET', '/api/partners?kind=school'))).toEqual(['kind']);
  });
});

describe('names unique per community among active partners', () => {
  it('answers PARTNER_NAME_TAKEN on name; an archived name may be reused, and restoring the old one then refuses', async () => {
    const name = unique('社区卫生服务站');
    const first = await create(eastStaff, { kind: 'institution', name, communityId: east.id });
    const again = await as(eastStaff, 'POST', '/api/partners', { kind: 'unit', name, communityId: east.id });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('PARTNER_NAME_TAKEN');
    expect(errorFields(again)).toEqual(['name']);
    // county-wide partners are one scope too (no community is not "all different")
    const county = unique('县图书馆');
    await create(admin, { kind: 'institution', name: county });
    expect(errorCode(await as(admin, 'POST', '/api/partners', { kind: 'institution', name: county }))).toBe(
      'PARTNER_NAME_TAKEN',
    );
    // a rename onto a taken name is refused the same way
    const other = await create(eastStaff, { kind: 'unit', name: unique('派出所'), communityId: east.id });
    expect(errorCode(await as(eastStaff, 'PATCH', `/api/partners/${other}`, { name }))).toBe('PARTNER_NAME_TAKEN');

    await as(eastStaff, 'POST', `/api/partners/${first}/archive`);
    const second = await create(eastStaff, { kind: 'institution', name, communityId: east.id });
    const restore = await as(eastStaff, 'POST', `/api/partners/${first}/unarchive`);
    expect(errorCode(restore)).toBe('PARTNER_NAME_TAKEN');
    expect((await row(first)).archived_at).not.toBeNull();
    expect((await row(second)).archived_at).toBeNull();
  });

  it('10 concurrent creates of one name register exactly one; the rest are PARTNER_NAME_TAKEN', async () => {
    const name = unique('同名并发单位');
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        as(eastStaff, 'POST', '/api/partners', { kind: 'unit', name, communityId: east.id }),
      ),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, ...Array(9).fill(409)]);
    expect(responses.filter((r) => r.statusCode === 409).map(errorCode)).toEqual(Array(9).fill('PARTNER_NAME_TAKEN'));
    const rows = await t.db.selectFrom('partners').select('id').where('name', '=', name).execute();
    expect(rows).toHaveLength(1);
    expect(await auditOf(rows[0]!.id)).toEqual(['partner.create']);
  });

  it(
    raceControl(
      'check-then-insert: several concurrent checks find the name free, only the unique key keeps one row',
      'check-then-insert: one check finds the name free',
    ),
    async () => {
      const name = unique('对照单位');
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, () => naiveCreatePartner(t.deps, { name, communityId: east.id })),
      );
      const checkedFree = outcomes.filter((o) => o.checkedFree).length;
      if (onPostgres) expect(checkedFree).toBeGreaterThan(1);
      else expect(checkedFree).toBe(1);
      expect(await t.db.selectFrom('partners').select('id').where('name', '=', name).execute()).toHaveLength(1);
    },
  );
});

describe("a partner's page of activities", () => {
  it('lists the activities it is named on or thanked in, newest first, ten a page, with community, status and the result headline', async () => {
    const id = await create(eastStaff, { kind: 'inheritor', name: unique('草编工作室'), communityId: east.id });
    const activities = [];
    for (let day = 1; day <= 12; day++) {
      const a = await buildActivity(t.deps, {
        communityId: east.id,
        title: `草编体验第${day}期`,
        startsAt: `2026-10-${String(day).padStart(2, '0')}T01:00:00.000Z`,
      });
      activities.push(a.id);
      // the last one only thanks it on the result, the first eleven name it
      if (day < 12) await t.db.insertInto('activity_partners').values({ activity_id: a.id, partner_id: id }).execute();
    }
    const thanked = activities[11]!;
    await t.db
      .insertInto('activity_results')
      .values({
        activity_id: thanked,
        summary: '二十位老人编出了第一只草蚂蚱\n第二行不算标题',
        attendance: 20,
        registered: 22,
        published_by: null,
        published_at: '2026-10-12T05:00:00.000Z',
      })
      .execute();
    await t.db.insertInto('activity_result_partners').values({ activity_id: thanked, partner_id: id }).execute();
    await buildActivity(t.deps, { communityId: east.id, title: '与它无关的活动' });

    const page1 = (await as(eastStaff, 'GET', `/api/partners/${id}`)).json() as TPartnerDetail;
    expect(page1.activities).toMatchObject({ page: 1, pageSize: 10, total: 12 });
    expect(page1.activities.items).toHaveLength(10);
    expect(page1.activities.items[0]).toMatchObject({
      id: thanked,
      title: '草编体验第12期',
      communityName: '东园社区',
      status: 'published',
      week: '2026-W42',
      named: false,
      thanked: true,
      result: { headline: '二十位老人编出了第一只草蚂蚱', attendance: 20 },
    });
    expect(page1.activities.items[1]).toMatchObject({ title: '草编体验第11期', named: true, result: null });
    const page2 = (await as(eastStaff, 'GET', `/api/partners/${id}?page=2`)).json() as TPartnerDetail;
    expect(page2.activities.items.map((a) => a.title)).toEqual(['草编体验第2期', '草编体验第1期']);
    expect(errorFields(await as(eastStaff, 'GET', `/api/partners/${id}?page=0`))).toEqual(['page']);
    expect((await as(eastStaff, 'GET', '/api/partners/99999999')).statusCode).toBe(404);
  });
});

describe('the migration (20261205_0201_partner_records)', () => {
  it('keeps the oldest of names already repeated in one scope active and archives the rest, so the key can be created', async () => {
    // the table as it was before the migration
    const db = t.db as unknown as Kysely<{
      partners: {
        id: Generated<number>;
        kind: string;
        name: string;
        community_id: number | null;
        merchant_id: number | null;
        created_at: string;
      };
    }>;
    await partnerRecords.down(db);
    const insert = async (name: string, communityId: number | null) =>
      Number(
        (
          await db
            .insertInto('partners')
            .values({
              kind: 'unit',
              name,
              community_id: communityId,
              merchant_id: null,
              created_at: '2026-11-01T00:00:00.000Z',
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      );
    const oldest = await insert('重名的共建单位', east.id);
    const repeated = await insert('重名的共建单位', east.id);
    const otherCommunity = await insert('重名的共建单位', west.id);
    const countyFirst = await insert('重名的县级单位', null);
    const countyAgain = await insert('重名的县级单位', null);
    await partnerRecords.up(db, t.deps.dialect);

    const archived = async (id: number) => (await row(id)).archived_at !== null;
    expect(await archived(oldest)).toBe(false);
    expect(await archived(repeated)).toBe(true);
    expect(await archived(otherCommunity)).toBe(false);
    expect(await archived(countyFirst)).toBe(false);
    expect(await archived(countyAgain)).toBe(true);
    expect(errorCode(await as(eastStaff, 'POST', `/api/partners/${repeated}/unarchive`))).toBe('PARTNER_NAME_TAKEN');
  });
});
