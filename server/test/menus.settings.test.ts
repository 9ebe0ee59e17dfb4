import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorFields, signIn, type TestApp } from './support/app.js';
import { buildCenterAdmin, buildCommunity, buildStaff } from './support/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('报送截止与签到 on screen', () => {
  it('the center reads the settings, saves them (audited) and reads them back; bad values are a 400 naming the field', async () => {
    const cookie = await signIn(t.app, (await buildCenterAdmin(t.deps)).phone);
    const get = () => t.app.inject({ method: 'GET', url: '/api/menus/settings', headers: { cookie } });
    expect((await get()).json()).toEqual({
      deadline: { weekday: 4, time: '18:00' },
      checkinOpensMinutesBefore: 30,
      checkinClosesMinutesAfter: 0,
    });
    const put = (payload: object) =>
      t.app.inject({ method: 'PUT', url: '/api/menus/settings', headers: { cookie }, payload });
    const wanted = {
      deadline: { weekday: 3, time: '17:30' },
      checkinOpensMinutesBefore: 45,
      checkinClosesMinutesAfter: 20,
    };
    expect((await put(wanted)).statusCode).toBe(200);
    expect((await get()).json()).toEqual(wanted);
    const bad = await put({
      deadline: { weekday: 8, time: '25:00' },
      checkinOpensMinutesBefore: 300,
      checkinClosesMinutesAfter: -5,
    });
    expect(bad.statusCode).toBe(400);
    expect(new Set(errorFields(bad))).toEqual(
      new Set(['deadline.weekday', 'deadline.time', 'checkinOpensMinutesBefore', 'checkinClosesMinutesAfter']),
    );
    expect((await get()).json()).toEqual(wanted);
    // a client that knows only the first two settings keeps the close as saved
    const older = { deadline: { weekday: 3, time: '17:30' }, checkinOpensMinutesBefore: 40 };
    expect((await put(older)).json()).toEqual({ ...older, checkinClosesMinutesAfter: 20 });
    const audit = await t.db.selectFrom('audit_log').select('summary').where('action', '=', 'menu.settings').execute();
    expect(audit.map((a) => a.summary)).toEqual([
      '报送截止：每周三 17:30；签到提前 45 分钟开放，活动结束后 20 分钟关闭',
      '报送截止：每周三 17:30；签到提前 40 分钟开放，活动结束后 20 分钟关闭',
    ]);
  });

  it('community staff may not read or change them', async () => {
    const staff = await buildStaff(t.deps, (await buildCommunity(t.deps)).id);
    const cookie = await signIn(t.app, staff.phone);
    expect((await t.app.inject({ method: 'GET', url: '/api/menus/settings', headers: { cookie } })).statusCode).toBe(
      403,
    );
  });
});
