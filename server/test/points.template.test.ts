import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, errorFields, signIn, type TestApp } from './support/app.js';
import { buildCenterAdmin, buildCommunity, buildStaff } from './support/factories.js';

/** Points rules without typed codes, the center's template, and copying rules between communities. */
let t: TestApp;
let adminCookie: string;

beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-28T02:00:00.000Z' });
  adminCookie = await signIn(t.app, (await buildCenterAdmin(t.deps)).phone);
  const saved = await saveTemplate([
    { name: '志愿服务', category: '志愿服务', points: 10, caps: { perDay: 1 } },
    { name: '环境整治', category: '环境整治', points: 5 },
    { name: '参加活动', category: '活动参与', points: 3, description: '签到即得' },
  ]);
  expect(saved.statusCode).toBe(200);
});
afterAll(async () => t.close());

const request = (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
const saveTemplate = (rules: object[]) => request('PUT', '/api/points/rules/template', adminCookie, { rules });
const copy = (cookie: string, payload: object) => request('POST', '/api/points/rules/copy', cookie, payload);

async function communityWithStaff(name: string) {
  const community = await buildCommunity(t.deps, name);
  return { id: community.id, cookie: await signIn(t.app, (await buildStaff(t.deps, community.id)).phone) };
}

const countRows = async (table: 'points_rules' | 'points_rule_versions', communityId: number) =>
  Number(
    (
      await t.deps.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('community_id', '=', communityId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('rules without codes', () => {
  it('gives a new rule a generated code and keeps its id across versions by ruleId', async () => {
    const c = await communityWithStaff('无编号社区');
    const first = await request('POST', '/api/points-rules', c.cookie, {
      communityId: c.id,
      rules: [{ name: '邻里互助', category: '邻里互助', points: 8 }],
    });
    expect(first.statusCode).toBe(201);
    const rule = first.json().rules[0];
    expect(rule.code).toMatch(/^R[0-9A-F]{10}$/);
    const second = await request('POST', '/api/points-rules', c.cookie, {
      communityId: c.id,
      rules: [
        { ruleId: rule.id, name: '邻里互助（满1小时）', category: '邻里互助', points: 9 },
        { name: '环境整治', category: '环境整治', points: 5 },
      ],
    });
    expect(second.statusCode).toBe(201);
    expect(
      second.json().rules.map((r: { id: number; code: string }) => [r.id === rule.id, r.code === rule.code]),
    ).toEqual([
      [true, true],
      [false, false],
    ]);
    expect(await countRows('points_rules', c.id)).toBe(2);
  });

  it("refuses another community's rule id, naming the row, and writes nothing", async () => {
    const c = await communityWithStaff('规则归属社区');
    const other = await communityWithStaff('别人的社区');
    const foreign = await request('POST', '/api/points-rules', other.cookie, {
      communityId: other.id,
      rules: [{ name: '他社区规则', category: '其他', points: 2 }],
    });
    const response = await request('POST', '/api/points-rules', c.cookie, {
      communityId: c.id,
      rules: [
        { name: '自己的', category: '其他', points: 1 },
        { ruleId: foreign.json().rules[0].id, name: '借来的', category: '其他', points: 1 },
      ],
    });
    expect(response.statusCode).toBe(400);
    expect(errorFields(response)).toEqual(['rules.1.ruleId']);
    expect(await countRows('points_rule_versions', c.id)).toBe(0);
    expect(await countRows('points_rules', c.id)).toBe(0);
  });
});

describe("the center's template", () => {
  it('is read by staff and saved only by the center admin; a rule left out is archived, edits keep ids', async () => {
    const c = await communityWithStaff('模板读者社区');
    const before = (await request('GET', '/api/points/rules/template', c.cookie)).json();
    expect(before.map((r: { name: string }) => r.name)).toEqual(['志愿服务', '环境整治', '参加活动']);
    expect(before[0].capsText).toBe('每天最多1次');
    const refused = await request('PUT', '/api/points/rules/template', c.cookie, { rules: [] });
    expect(refused.statusCode).toBe(403);

    const edited = await saveTemplate([
      ...before.map((r: { id: number; name: string; category: string; points: number }) => ({
        id: r.id,
        name: r.name,
        category: r.category,
        points: r.points,
      })),
      { name: '临时规则', category: '其他', points: 1 },
    ]);
    expect(edited.statusCode).toBe(200);
    const temporary = edited.json().at(-1);
    const restored = await saveTemplate(
      before.map(
        (r: {
          id: number;
          name: string;
          category: string;
          points: number;
          caps: object;
          description: string | null;
        }) => ({
          id: r.id,
          name: r.name,
          category: r.category,
          points: r.points,
          caps: r.caps,
          ...(r.description ? { description: r.description } : {}),
        }),
      ),
    );
    expect(restored.json().map((r: { id: number }) => r.id)).toEqual(before.map((r: { id: number }) => r.id));
    const archived = await t.deps.db
      .selectFrom('points_rule_templates')
      .select('archived_at')
      .where('id', '=', temporary.id)
      .executeTakeFirstOrThrow();
    expect(archived.archived_at).not.toBeNull();
    // an archived template rule cannot be edited back to life
    const stale = await saveTemplate([{ id: temporary.id, name: '临时规则', category: '其他', points: 1 }]);
    expect(stale.statusCode).toBe(400);
    expect(errorFields(stale)).toEqual(['rules.0.id']);
    expect((await request('GET', '/api/points/rules/template', adminCookie)).json()).toHaveLength(3);
  });
});

describe('copying rules', () => {
  it('copies the template into a community as version 1, noting the origin; a second copy adds nothing', async () => {
    const c = await communityWithStaff('复制模板社区');
    const first = await copy(c.cookie, { fromTemplate: true, toCommunityId: c.id });
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body).toMatchObject({ copied: 3, alreadyThere: 0, version: { version: 1, communityId: c.id } });
    expect(body.version.rules.map((r: { name: string; origin: string }) => [r.name, r.origin])).toEqual([
      ['志愿服务', '复制自中心模板「志愿服务」'],
      ['环境整治', '复制自中心模板「环境整治」'],
      ['参加活动', '复制自中心模板「参加活动」'],
    ]);
    expect(body.version.rules[0].caps).toEqual({ perDay: 1, perWeek: null, perMonth: null });

    const again = await copy(c.cookie, { fromTemplate: true, toCommunityId: c.id });
    expect(again.json()).toEqual({ copied: 0, alreadyThere: 3, version: null });
    expect(await countRows('points_rules', c.id)).toBe(3);
    expect(await countRows('points_rule_versions', c.id)).toBe(1);
  });

  it("adds chosen rules of another community to a community's own, which it then adjusts", async () => {
    const from = await communityWithStaff('来源社区');
    const to = await communityWithStaff('目标社区');
    await copy(from.cookie, { fromTemplate: true, toCommunityId: from.id });
    const own = await request('POST', '/api/points-rules', to.cookie, {
      communityId: to.id,
      rules: [{ name: '护河巡查', category: '环境整治', points: 6 }],
    });
    const source = (await request('GET', `/api/public/points-rules?communityId=${from.id}`, to.cookie)).json();
    const picked = source.rules.filter((r: { name: string }) => r.name !== '参加活动').map((r: { id: number }) => r.id);

    const copied = await copy(to.cookie, { fromCommunityId: from.id, toCommunityId: to.id, ruleIds: picked });
    expect(copied.statusCode).toBe(200);
    const version = copied.json().version;
    expect(version.version).toBe(2);
    expect(version.rules.map((r: { name: string; origin: string | null }) => [r.name, r.origin])).toEqual([
      ['护河巡查', null],
      ['志愿服务', '复制自来源社区「志愿服务」'],
      ['环境整治', '复制自来源社区「环境整治」'],
    ]);
    expect(version.rules[0].id).toBe(own.json().rules[0].id);
    // adjusting a copied rule is an ordinary new version; it keeps its origin
    const adjusted = await request('POST', '/api/points-rules', to.cookie, {
      communityId: to.id,
      rules: version.rules.map((r: { id: number; name: string; category: string; points: number }) => ({
        ruleId: r.id,
        name: r.name,
        category: r.category,
        points: r.points + 1,
      })),
    });
    expect(adjusted.json().rules.map((r: { points: number; origin: string | null }) => [r.points, r.origin])).toEqual([
      [7, null],
      [11, '复制自来源社区「志愿服务」'],
      [6, '复制自来源社区「环境整治」'],
    ]);
    const repeat = await copy(to.cookie, { fromCommunityId: from.id, toCommunityId: to.id, ruleIds: picked });
    expect(repeat.json()).toMatchObject({ copied: 0, alreadyThere: 2 });
  });

  it('leaves out a template rule whose name the community already uses', async () => {
    const c = await communityWithStaff('手写规则社区');
    await request('POST', '/api/points-rules', c.cookie, {
      communityId: c.id,
      rules: [{ name: '环境整治', category: '环境整治', points: 4 }],
    });
    const copied = await copy(c.cookie, { fromTemplate: true, toCommunityId: c.id });
    expect(copied.json()).toMatchObject({ copied: 2, alreadyThere: 1 });
    expect(copied.json().version.rules.map((r: { name: string; points: number }) => [r.name, r.points])).toEqual([
      ['环境整治', 4],
      ['志愿服务', 10],
      ['参加活动', 3],
    ]);
  });

  it('refuses bad requests naming the field, and another community as target, writing nothing', async () => {
    const c = await communityWithStaff('拒绝社区');
    const other = await communityWithStaff('旁边社区');
    const cases: [object, string][] = [
      [{ toCommunityId: c.id }, 'fromCommunityId'],
      [{ fromTemplate: true, fromCommunityId: other.id, toCommunityId: c.id }, 'fromCommunityId'],
      [{ fromCommunityId: c.id, toCommunityId: c.id }, 'fromCommunityId'],
      [{ fromTemplate: true, toCommunityId: c.id, ruleIds: [999999] }, 'ruleIds'],
      [{ fromCommunityId: other.id, toCommunityId: c.id }, 'fromCommunityId'], // it has no rules
      [{ fromTemplate: false, toCommunityId: c.id }, 'fromTemplate'],
    ];
    for (const [payload, field] of cases) {
      const response = await copy(c.cookie, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(errorFields(response), JSON.stringify(payload)).toContain(field);
    }
    const forbidden = await copy(c.cookie, { fromTemplate: true, toCommunityId: other.id });
    expect(forbidden.statusCode).toBe(403);
    expect(errorCode(forbidden)).toBe('FORBIDDEN');
    expect(await countRows('points_rules', c.id)).toBe(0);
    expect(await countRows('points_rules', other.id)).toBe(0);
  });

  it('copies once when eight copies of the template arrive at the same moment (they race for the version number only on PostgreSQL)', async () => {
    const c = await communityWithStaff('并发复制社区');
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => copy(c.cookie, { fromTemplate: true, toCommunityId: c.id })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    expect(responses.map((r) => r.json().copied).sort()).toEqual([0, 0, 0, 0, 0, 0, 0, 3]);
    const rules = await t.deps.db
      .selectFrom('points_rules')
      .select(['source_template_id'])
      .where('community_id', '=', c.id)
      .execute();
    expect(rules).toHaveLength(3);
    expect(new Set(rules.map((r) => r.source_template_id)).size).toBe(3);
    expect(await countRows('points_rule_versions', c.id)).toBe(1);
    const revisions = await t.deps.db
      .selectFrom('points_rule_revisions')
      .innerJoin('points_rule_versions', 'points_rule_versions.id', 'points_rule_revisions.version_id')
      .select('points_rule_revisions.rule_id')
      .where('points_rule_versions.community_id', '=', c.id)
      .execute();
    expect(revisions).toHaveLength(3);
  });
});
