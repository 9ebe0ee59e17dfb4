import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckCharacter, maskIdNumber } from '@zhongli/domain';
import * as idMask from '../src/db/migrations/20261203_0301_id_mask.js';
import { createTestApp, errorCode, errorFields, signIn, TEST_PASSWORD, type TestApp } from './support/app.js';
import {
  buildCenterAdmin,
  buildCommunity,
  buildResident,
  buildStaff,
  buildUser,
  getResidentOrThrow,
  getUserOrThrow,
} from './support/factories.js';
import { findResident, findResidentByMemberCode, idNumberDigest } from '../src/modules/residents/index.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { openTestDatabase } from './support/database.js';

let t: TestApp;
let community: { id: number; name: string };
let otherCommunity: { id: number; name: string };
let staffCookie: string;

beforeAll(async () => {
  t = await createTestApp();
  community = await buildCommunity(t.deps, '苗圃社区');
  otherCommunity = await buildCommunity(t.deps, '西湖社区');
  const staff = await buildStaff(t.deps, community.id);
  staffCookie = await signIn(t.app, staff.phone);
});
afterAll(() => t.close());

/** A checksum-valid ID number for a birth date ('YYYYMMDD'). */
function idFor(yyyymmdd: string, sequence = '123'): string {
  const first17 = `140823${yyyymmdd}${sequence}`;
  return first17 + idNumberCheckCharacter(first17);
}

const register = (payload: unknown, cookie = staffCookie) =>
  t.app.inject({ method: 'POST', url: '/api/residents', headers: { cookie }, payload: payload as object });

async function counts() {
  const n = async (table: 'residents' | 'users' | 'audit_log') =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { residents: await n('residents'), users: await n('users'), audit: await n('audit_log') };
}

describe('registering a resident at the desk', () => {
  it('checks the ID number, keeps only the birth date and a masked form, and returns a member code', async () => {
    const idNumber = idFor('19610315', '124');
    const response = await register({
      name: '孙淑珍',
      communityId: community.id,
      idNumber,
      phone: '+86 135-1111-0001',
    });
    expect(response.statusCode).toBe(201);
    const { id, memberCode } = response.json();
    expect(memberCode).toMatch(/^[1-9]\d{9}$/);
    const detail = await t.app.inject({ method: 'GET', url: `/api/residents/${id}`, headers: { cookie: staffCookie } });
    expect(detail.json()).toMatchObject({
      name: '孙淑珍',
      communityId: community.id,
      birthDate: '1961-03-15',
      age: 65,
      gender: 'female',
      idNumberMasked: '1408**************',
      phoneMasked: '135****0001',
      hasPassword: false,
    });
    const row = await t.db.selectFrom('residents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(idNumber);
    expect(JSON.stringify(row)).not.toContain(idNumber.slice(6, 14) + idNumber.slice(14));
  });

  it('stores nothing from which the ID number can be rebuilt: with everything kept and the area code, all 500 sequence numbers stay possible', async () => {
    const idNumber = idFor('19550607', '357');
    const { id } = (await register({ name: '还原测试', communityId: community.id, idNumber })).json();
    const row = await t.db.selectFrom('residents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const detail = (
      await t.app.inject({ method: 'GET', url: `/api/residents/${id}`, headers: { cookie: staffCookie } })
    ).json();
    // What an attacker holds: the stored row, what staff see, and the county's area code. Not the digest key.
    expect(detail.idNumberMasked).toBe(row.id_number_masked);
    const candidates: string[] = [];
    for (let sequence = 0; sequence < 1000; sequence++) {
      const first17 = `140823${row.birth_date.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
      const candidate = first17 + idNumberCheckCharacter(first17);
      const gender = Number(candidate[16]) % 2 === 1 ? 'male' : 'female';
      if (gender !== row.gender || maskIdNumber(candidate) !== row.id_number_masked) continue;
      candidates.push(candidate);
    }
    expect(candidates).toHaveLength(500);
    expect(candidates).toContain(idNumber);
  });

  it('cuts a stored mask that still shows the last four characters (20261203_0301_id_mask)', async () => {
    const idNumber = idFor('19470212', '246');
    const { id } = (await register({ name: '旧掩码', communityId: community.id, idNumber })).json();
    const oldMask = `1408**********${idNumber.slice(-4)}`;
    await t.db.updateTable('residents').set({ id_number_masked: oldMask }).where('id', '=', id).execute();
    await idMask.up(t.db);
    const after = await getResidentOrThrow(t.deps, id);
    expect(after.id_number_masked).toBe('1408**************');
    // The desk still recognises the person by the digest, not by the mask.
    expect(errorCode(await register({ name: '旧掩码', communityId: community.id, idNumber }))).toBe('RESIDENT_EXISTS');
  });

  it('accepts full-width digits and a lower-case x in the ID number', async () => {
    const id = idFor('19500101', '002');
    const typed = id.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).toLowerCase();
    const response = await register({ name: '全角居民', communityId: community.id, idNumber: typed });
    expect(response.statusCode).toBe(201);
  });

  it('takes an entered birth date when there is no ID number, and records the desk action in the audit log', async () => {
    const response = await register({ name: '周德福', communityId: community.id, birthDate: '1940-02-29' });
    expect(response.statusCode).toBe(201);
    const entry = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'resident.register')
      .where('target_id', '=', String(response.json().id))
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ on_behalf_resident_id: response.json().id, community_id: community.id });
    expect(entry.actor_user_id).not.toBeNull();
  });

  it.each([
    ['a bad ID checksum', { name: '甲', communityId: 0, idNumber: '14082319610315124X' }, 'idNumber'],
    ['an impossible birth date (30 February)', { name: '乙', birthDate: '1950-02-30' }, 'birthDate'],
    ['an impossible phone', { name: '丙', birthDate: '1950-01-01', phone: '12345' }, 'phone'],
    ['a missing name', { birthDate: '1950-01-01' }, 'name'],
    ['a blank name', { name: '   ', birthDate: '1950-01-01' }, 'name'],
    ['an oversized name', { name: '长'.repeat(31), birthDate: '1950-01-01' }, 'name'],
    ['an oversized ID number string', { name: '丁', idNumber: '1'.repeat(5000) }, 'idNumber'],
    ['a number where text belongs', { name: 12345, birthDate: '1950-01-01' }, 'name'],
    ['an object as the community', { name: '戊', birthDate: '1950-01-01', communityId: { id: 1 } }, 'communityId'],
    ['neither ID number nor birth date', { name: '己' }, 'birthDate'],
    ['a birth date in the future', { name: '庚', birthDate: '2030-01-01' }, 'birthDate'],
    ['an ID number born after today', { name: '辛', idNumber: idFor('20270101') }, 'idNumber'],
    ['a password without a phone', { name: '壬', birthDate: '1950-01-01', password: 'password-123' }, 'password'],
    ['an unknown field', { name: '癸', birthDate: '1950-01-01', isAdmin: true }, 'isAdmin'],
    ['an unknown community', { name: '子', birthDate: '1950-01-01', communityId: 99999 }, 'communityId'],
  ])('answers %s with 400 naming the field, and writes nothing', async (_label, payload, field) => {
    const before = await counts();
    const body = { communityId: community.id, ...payload };
    if ((payload as { communityId?: unknown }).communityId === 0) body.communityId = community.id;
    const response = await register(body);
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('VALIDATION_FAILED');
    expect(errorFields(response)).toContain(field);
    expect(response.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await counts()).toEqual(before);
  });

  it('answers a duplicate phone with 409 PHONE_TAKEN and a second registration of the same ID number with 409', async () => {
    expect(
      (await register({ name: '钱一', communityId: community.id, birthDate: '1950-01-01', phone: '13511112222' }))
        .statusCode,
    ).toBe(201);
    const before = await counts();
    const duplicatePhone = await register({
      name: '钱二',
      communityId: community.id,
      birthDate: '1950-01-01',
      phone: '135 1111 2222',
    });
    expect(duplicatePhone.statusCode).toBe(409);
    expect(errorCode(duplicatePhone)).toBe('PHONE_TAKEN');
    const idNumber = idFor('19480808', '331');
    expect((await register({ name: '钱三', communityId: community.id, idNumber })).statusCode).toBe(201);
    const again = await register({ name: '钱三', communityId: community.id, idNumber: idNumber.toLowerCase() });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('RESIDENT_EXISTS');
    const after = await counts();
    expect(after.residents).toBe(before.residents + 1);
    expect(after.users).toBe(before.users);
  });

  it('is refused without a session (401) and in another community (403), writing nothing', async () => {
    const before = await counts();
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/residents',
      payload: { name: '匿名', communityId: community.id, birthDate: '1950-01-01' },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
    const foreign = await register({ name: '外区', communityId: otherCommunity.id, birthDate: '1950-01-01' });
    expect(foreign.statusCode).toBe(403);
    expect(errorCode(foreign)).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });
});

describe('finding residents', () => {
  it('searches by name and by the last digits of a phone, masks phones, and stays in scope', async () => {
    await register({ name: '郑春梅', communityId: community.id, birthDate: '1952-05-05', phone: '13798765432' });
    await buildResident(t.deps, { communityId: otherCommunity.id, name: '郑外区' });
    const byName = await t.app.inject({
      method: 'GET',
      url: '/api/residents?q=春梅',
      headers: { cookie: staffCookie },
    });
    expect(byName.statusCode).toBe(200);
    expect(byName.json().residents.map((r: { name: string }) => r.name)).toEqual(['郑春梅']);
    expect(byName.json().residents[0].phoneMasked).toBe('137****5432');
    expect(byName.body).not.toContain('13798765432');
    const byPhone = await t.app.inject({
      method: 'GET',
      url: '/api/residents?q=5432',
      headers: { cookie: staffCookie },
    });
    expect(byPhone.json().residents.map((r: { name: string }) => r.name)).toContain('郑春梅');
    const scoped = await t.app.inject({ method: 'GET', url: '/api/residents?q=郑', headers: { cookie: staffCookie } });
    expect(scoped.json().residents.map((r: { name: string }) => r.name)).not.toContain('郑外区');
    const foreignFilter = await t.app.inject({
      method: 'GET',
      url: `/api/residents?communityId=${otherCommunity.id}`,
      headers: { cookie: staffCookie },
    });
    expect(foreignFilter.statusCode).toBe(403);
    const wildcard = await t.app.inject({
      method: 'GET',
      url: '/api/residents?q=%25',
      headers: { cookie: staffCookie },
    });
    expect(wildcard.json().residents).toEqual([]);
  });

  it('lets the center see every community', async () => {
    const admin = await buildCenterAdmin(t.deps);
    const cookie = await signIn(t.app, admin.phone);
    const response = await t.app.inject({ method: 'GET', url: '/api/residents?q=郑', headers: { cookie } });
    expect(
      response
        .json()
        .residents.map((r: { name: string }) => r.name)
        .sort(),
    ).toEqual(['郑外区', '郑春梅'].sort());
  });

  it("forbids another community's resident (403) and reports unknown ones (404)", async () => {
    const foreign = await buildResident(t.deps, { communityId: otherCommunity.id });
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/residents/${foreign.id}`, headers: { cookie: staffCookie } }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/residents/${foreign.id}/card`,
          headers: { cookie: staffCookie },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/residents/987654', headers: { cookie: staffCookie } }))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/residents/abc', headers: { cookie: staffCookie } })).statusCode,
    ).toBe(400);
  });
});

describe('member cards and resident logins', () => {
  it('prints a card with the member code as a QR code', async () => {
    const created = (await register({ name: '冯玉霞', communityId: community.id, birthDate: '1958-08-08' })).json();
    const card = await t.app.inject({
      method: 'GET',
      url: `/api/residents/${created.id}/card`,
      headers: { cookie: staffCookie },
    });
    expect(card.statusCode).toBe(200);
    expect(card.json()).toMatchObject({
      name: '冯玉霞',
      communityName: '苗圃社区',
      centerName: '测试县社区服务中心',
      memberCode: created.memberCode,
    });
    expect(card.json().qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });

  it("gives a desk-registered resident a login later; they then see their own card and nobody else's", async () => {
    const created = (await register({ name: '陈金花', communityId: community.id, birthDate: '1955-01-01' })).json();
    const neighbour = (await register({ name: '邻居', communityId: community.id, birthDate: '1955-01-01' })).json();
    const noPhone = await t.app.inject({
      method: 'POST',
      url: `/api/residents/${created.id}/password`,
      headers: { cookie: staffCookie },
      payload: { password: 'resident-pass-1' },
    });
    expect(noPhone.statusCode).toBe(400);
    expect(errorFields(noPhone)).toContain('phone');
    const set = await t.app.inject({
      method: 'POST',
      url: `/api/residents/${created.id}/password`,
      headers: { cookie: staffCookie },
      payload: { phone: '13655556666', password: 'resident-pass-1' },
    });
    expect(set.statusCode).toBe(204);
    const residentCookie = await signIn(t.app, '13655556666', 'resident-pass-1');
    const me = (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: residentCookie } })).json();
    expect(me.resident).toEqual({ id: created.id, communityId: community.id });
    expect(me.roles).toEqual([]);
    const own = await t.app.inject({
      method: 'GET',
      url: `/api/residents/${created.id}/card`,
      headers: { cookie: residentCookie },
    });
    expect(own.statusCode).toBe(200);
    const other = await t.app.inject({
      method: 'GET',
      url: `/api/residents/${neighbour.id}/card`,
      headers: { cookie: residentCookie },
    });
    expect(other.statusCode).toBe(403);
    const list = await t.app.inject({ method: 'GET', url: '/api/residents', headers: { cookie: residentCookie } });
    expect(list.statusCode).toBe(403);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'resident.set_password')
      .where('on_behalf_resident_id', '=', created.id)
      .execute();
    expect(audit).toHaveLength(1);
  });
});

describe('a resident who already signs in', () => {
  const login = (phone: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone, password }, remoteAddress: '10.9.0.1' });

  it('gets a new password from the desk, which signs them out on every device', async () => {
    const resident = await buildResident(t.deps, { communityId: community.id, withLogin: true });
    const phoneA = await signIn(t.app, resident.phone!);
    const phoneB = await signIn(t.app, resident.phone!);
    t.clock.advance(60 * 1000);
    const set = await t.app.inject({
      method: 'POST',
      url: `/api/residents/${resident.id}/password`,
      headers: { cookie: staffCookie },
      payload: { password: 'resident-pass-2' },
    });
    expect(set.statusCode).toBe(204);
    for (const cookie of [phoneA, phoneB]) {
      expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    }
    expect((await login(resident.phone!, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(resident.phone!, 'resident-pass-2')).statusCode).toBe(200);
    const { user_id } = await getResidentOrThrow(t.deps, resident.id);
    expect((await getUserOrThrow(t.deps, user_id!)).password_changed_at).toBe(t.clock.now().toISOString());
  });

  it('cannot be given a login on a phone another account signs in with (409 PHONE_TAKEN), and nothing is written', async () => {
    const other = await buildUser(t.deps, [{ role: 'volunteer', communityId: community.id }]);
    const created = (await register({ name: '无手机', communityId: community.id, birthDate: '1950-01-01' })).json();
    const before = await counts();
    const taken = await t.app.inject({
      method: 'POST',
      url: `/api/residents/${created.id}/password`,
      headers: { cookie: staffCookie },
      payload: { phone: other.phone, password: 'resident-pass-3' },
    });
    expect(taken.statusCode).toBe(409);
    expect(errorCode(taken)).toBe('PHONE_TAKEN');
    expect(errorFields(taken)).toContain('phone');
    expect(await counts()).toEqual(before);
    expect((await getResidentOrThrow(t.deps, created.id)).user_id).toBeNull();
  });
});

describe('finding a resident for other modules (findResident, findResidentByMemberCode)', () => {
  it('gives who, where and since when, without the login phone or password hash; unknown ids give nothing', async () => {
    const { id, phone } = await buildResident(t.deps, { withLogin: true, name: '吴桂芝' });
    const record = await findResident(t.db, id);
    expect(record).toMatchObject({ id, name: '吴桂芝', user_id: expect.any(Number), birth_date: '1955-06-01' });
    expect(record).not.toHaveProperty('phone');
    expect(record).not.toHaveProperty('password_hash');
    expect(JSON.stringify(record)).not.toContain(phone!);
    expect(await findResidentByMemberCode(t.db, record!.member_code)).toEqual(record);
    expect(await findResident(t.db, 987654)).toBeUndefined();
    expect(await findResidentByMemberCode(t.db, '1000000000')).toBeUndefined();
  });
});

describe('the key that recognises ID numbers, kept outside the database (ID_DIGEST_KEY)', () => {
  it('moves a stored key out, refuses a different key once digests exist, and refuses to start without it afterwards', async () => {
    const handle = await openTestDatabase();
    try {
      const { idDigestKey: stored } = await prepareDatabase(handle.db, handle.dialect, '测试中心');
      const communityId = (
        await handle.db
          .insertInto('communities')
          .values({ name: '密钥社区', created_at: '2026-11-28T02:00:00.000Z' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      await handle.db
        .insertInto('residents')
        .values({
          community_id: communityId,
          name: '有身份证的居民',
          member_code: '1234567890',
          birth_date: '1950-01-01',
          id_number_masked: '1408**************',
          id_number_digest: idNumberDigest(stored, idFor('19500101')),
          created_at: '2026-11-28T02:00:00.000Z',
        })
        .execute();
      const other = 'another-key-another-key-another-key';
      await expect(prepareDatabase(handle.db, handle.dialect, '测试中心', { idDigestKey: other })).rejects.toThrow(
        /ID_DIGEST_KEY differs/,
      );
      expect(await prepareDatabase(handle.db, handle.dialect, '测试中心', { idDigestKey: stored })).toEqual({
        idDigestKey: stored,
      });
      const rows = await handle.db.selectFrom('app_settings').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain(stored);
      // Unset again, a fresh key would no longer recognise anyone: the start is refused instead.
      await expect(prepareDatabase(handle.db, handle.dialect, '测试中心')).rejects.toThrow(/ID_DIGEST_KEY/);
    } finally {
      await handle.drop();
    }
  });
});
