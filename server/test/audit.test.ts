import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from './support/app.js';
import { buildCenterAdmin, buildCommunity, buildStaff } from './support/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the audit log', () => {
  it('records every staff write with actor, resident acted for, action, target and time; only the center reads it', async () => {
    const community = await buildCommunity(t.deps);
    const staff = await buildStaff(t.deps, community.id);
    const admin = await buildCenterAdmin(t.deps);
    const staffCookie = await signIn(t.app, staff.phone);
    const adminCookie = await signIn(t.app, admin.phone);

    const resident = (
      await t.app.inject({
        method: 'POST',
        url: '/api/residents',
        headers: { cookie: staffCookie },
        payload: { name: '何秋菊', communityId: community.id, birthDate: '1949-10-01' },
      })
    ).json();
    await t.app.inject({
      method: 'POST',
      url: `/api/communities/${community.id}/venues`,
      headers: { cookie: staffCookie },
      payload: { name: '健康小屋' },
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/merchants',
      headers: { cookie: staffCookie },
      payload: {
        name: '爱心药房',
        communityId: community.id,
        address: '一号路',
        category: '医药',
        partyAlliance: true,
      },
    });

    expect(
      (await t.app.inject({ method: 'GET', url: '/api/audit', headers: { cookie: staffCookie } })).statusCode,
    ).toBe(403);
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/audit?actorId=${staff.id}`,
      headers: { cookie: adminCookie },
    });
    expect(response.statusCode).toBe(200);
    const entries = response.json().entries as {
      action: string;
      actorId: number;
      residentId: number | null;
      residentName: string | null;
      at: string;
    }[];
    expect(entries.map((e) => e.action)).toEqual(['merchant.create', 'venue.create', 'resident.register']);
    expect(entries.every((e) => e.actorId === staff.id && /^\d{4}-\d{2}-\d{2}T/.test(e.at))).toBe(true);
    expect(entries[2]).toMatchObject({ residentId: resident.id, residentName: '何秋菊' });

    const byResident = await t.app.inject({
      method: 'GET',
      url: `/api/audit?residentId=${resident.id}`,
      headers: { cookie: adminCookie },
    });
    expect(byResident.json().entries).toHaveLength(1);
    const future = await t.app.inject({
      method: 'GET',
      url: `/api/audit?from=2099-01-01T00:00:00%2B08:00`,
      headers: { cookie: adminCookie },
    });
    expect(future.json().entries).toEqual([]);
    const badDate = await t.app.inject({
      method: 'GET',
      url: `/api/audit?from=yesterday`,
      headers: { cookie: adminCookie },
    });
    expect(badDate.statusCode).toBe(400);
  });

  it('is refused UPDATE and DELETE by the database itself', async () => {
    const before = await t.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(before.length).toBeGreaterThan(0);
    await expect(t.db.updateTable('audit_log').set({ summary: '改写历史' }).execute()).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where id = ${before[0]!.id}`.execute(t.db)).rejects.toThrow(/append-only/);
    if (t.deps.dialect === 'postgres') {
      await expect(sql`truncate audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    }
    const after = await t.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(after).toEqual(before);
  });
});
