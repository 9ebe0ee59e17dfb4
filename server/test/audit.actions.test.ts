import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '@zhongli/domain';
import { createTestApp, errorFields, signIn, type TestApp } from './support/app.js';
import { buildCenterAdmin, buildCommunity, buildStaff } from './support/factories.js';

const SOURCE = join(import.meta.dirname, '../src');

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : [join(dir, e.name)])),
  );
  return nested.flat().filter((f) => f.endsWith('.ts'));
}

describe('audit actions', () => {
  it('every action literal the server writes is in the registry (whose labels the console test checks)', async () => {
    const written = new Set<string>();
    for (const file of await sourceFiles(SOURCE)) {
      const text = await readFile(file, 'utf8');
      // `action: 'x.y'`, either branch of `action: cond ? 'x.y' : 'x.z'`, and `activity.${step}` expanded by type
      for (const line of text.split('\n').filter((l) => /\baction: /.test(l))) {
        for (const match of line.matchAll(/'([a-z_]+(?:\.[a-z_]+)+)'/g)) written.add(match[1]!);
      }
    }
    expect(written.size).toBeGreaterThan(40);
    expect([...written].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a))).toEqual([]);
  });
});

describe('操作记录 filters', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('filters by kind of action (and refuses a kind that does not exist, naming the field)', async () => {
    const community = await buildCommunity(t.deps);
    const staff = await buildStaff(t.deps, community.id);
    const admin = await buildCenterAdmin(t.deps);
    const cookie = await signIn(t.app, admin.phone);
    await t.app.inject({
      method: 'POST',
      url: `/api/communities/${community.id}/venues`,
      headers: { cookie },
      payload: { name: '活动室' },
    });
    await t.app.inject({ method: 'POST', url: `/api/users/${staff.id}/disable`, headers: { cookie } });
    const list = async (query: string) =>
      t.app.inject({ method: 'GET', url: `/api/audit?${query}`, headers: { cookie } });
    const disabled = (await list('action=user.disable')).json() as { entries: { action: string }[] };
    expect(disabled.entries.map((e) => e.action)).toEqual(['user.disable']);
    const byAdmin = (await list(`actorId=${admin.id}`)).json() as { entries: { action: string }[] };
    expect(byAdmin.entries.map((e) => e.action).sort()).toEqual(['user.disable', 'venue.create']);
    const unknown = await list('action=service.teleport');
    expect(unknown.statusCode).toBe(400);
    expect(errorFields(unknown)).toEqual(['action']);
  });
});
