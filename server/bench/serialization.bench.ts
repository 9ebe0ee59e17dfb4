/**
 * What it costs to answer through the typed contract. Every route's response is encoded by its zod
 * schema (platform/contract.ts) so that no unlisted field leaves the server. Three ways to turn the
 * same presented object into JSON, measured on the same payloads in the same run:
 *
 *   baseline   JSON.stringify — what a route without a response schema costs (and leaks whatever
 *              the handler returned);
 *   zod        schema.encode then JSON.stringify — validates the shape and drops unlisted fields
 *              (what strict mode does in tests and journeys, with a key comparison on top);
 *   fjs        fast-json-stringify compiled from the same schema's JSON Schema — drops unlisted
 *              fields but does not check types (a number where a string belongs is coerced): the
 *              production writer, chosen on these figures.
 *
 * The payloads are the largest answers residents and the desk fetch most: a week's public menu and
 * a page of a points statement.
 */
import fastJson from 'fast-json-stringify';
import { z } from 'zod';
import { createContractSerializer } from '../src/platform/contract.js';
import { fmt } from './support.js';

export interface SerializationRow {
  payload: string;
  bytes: number;
  baselinePerSecond: number;
  zodPerSecond: number;
  fjsPerSecond: number;
  zodRatio: number;
  fjsRatio: number;
}

/** A week's menu: communities with their activities, each with partners and tags (as the public menu answers). */
const ZMenuActivity = z.object({
  id: z.number().int(),
  title: z.string(),
  category: z.string(),
  venue: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number().int().nullable(),
  registered: z.number().int(),
  waitlisted: z.number().int(),
  status: z.enum(['published', 'cancelled']),
  changed: z.boolean(),
  points: z.object({ ruleId: z.number().int(), name: z.string(), points: z.number().int() }).nullable(),
  partners: z.array(z.object({ id: z.number().int(), kind: z.string(), name: z.string() })),
  sponsors: z.array(z.object({ merchantId: z.number().int(), name: z.string(), partyAlliance: z.boolean() })),
  answersNeeds: z.array(z.object({ id: z.number().int(), title: z.string() })),
  description: z.string().nullable(),
});
const ZMenu = z.object({
  week: z.string(),
  publishedAt: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  communities: z.array(z.object({ id: z.number().int(), name: z.string(), activities: z.array(ZMenuActivity) })),
});

/** A page of a resident's statement. */
const ZStatementPage = z.object({
  balance: z.number().int(),
  total: z.number().int(),
  entries: z.array(
    z.object({
      id: z.number().int(),
      at: z.string(),
      kind: z.string(),
      kindLabel: z.string(),
      delta: z.number().int(),
      balanceAfter: z.number().int(),
      ruleName: z.string().nullable(),
      reason: z.string().nullable(),
      actorName: z.string().nullable(),
      reversedBy: z.number().int().nullable(),
      refType: z.string().nullable(),
      refId: z.string().nullable(),
    }),
  ),
});

function menuPayload() {
  return {
    week: '2026-W49',
    publishedAt: '2026-11-27T10:00:00.000Z',
    from: '2026-11-29T16:00:00.000Z',
    to: '2026-12-06T16:00:00.000Z',
    communities: Array.from({ length: 6 }, (_, c) => ({
      id: c + 1,
      name: `测试社区${c + 1}`,
      activities: Array.from({ length: 8 }, (_, a) => ({
        id: c * 100 + a,
        title: `周末书画班第${a + 1}期：临摹与创作`,
        category: '文体活动',
        venue: '党群服务中心',
        startsAt: '2026-12-05T01:00:00.000Z',
        endsAt: '2026-12-05T03:00:00.000Z',
        capacity: a % 3 ? 30 : null,
        registered: 12,
        waitlisted: 0,
        status: a === 7 ? 'cancelled' : 'published',
        changed: a === 5,
        points: a % 2 ? { ruleId: 3, name: '参加志愿服务', points: 5 } : null,
        partners: [{ id: 9, kind: 'co_builder', name: '县图书馆' }],
        sponsors: a === 2 ? [{ merchantId: 4, name: '闻喜县福悦来大药房', partyAlliance: true }] : [],
        answersNeeds: a === 1 ? [{ id: 17, title: '想学书法' }] : [],
        description: '请自带毛笔和墨汁，社区提供宣纸。适合零基础的居民参加。',
      })),
    })),
  };
}

function statementPayload() {
  return {
    balance: 1234,
    total: 180,
    entries: Array.from({ length: 50 }, (_, i) => ({
      id: 1000 + i,
      at: '2026-11-17T01:30:00.000Z',
      kind: i % 10 ? 'award' : 'redemption',
      kindLabel: i % 10 ? '获得' : '兑换',
      delta: i % 10 ? 5 : -30,
      balanceAfter: 1234 - i * 5,
      ruleName: i % 10 ? '环境整治' : null,
      reason: i % 10 ? null : '兑换 水杯 ×1',
      actorName: '社区工作人员',
      reversedBy: null,
      refType: i % 10 ? 'activity' : 'redemption',
      refId: String(500 + i),
    })),
  };
}

/** Calls per second of `fn` over about `ms` milliseconds (after a short warm-up). */
function rate(fn: () => string, ms: number): number {
  for (let i = 0; i < 200; i++) fn();
  let calls = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 50; i++) fn();
    calls += 50;
    now = process.hrtime.bigint();
  }
  return calls / (Number(now - start) / 1e9);
}

export function runSerializationRound(ms = 1500): SerializationRow[] {
  const cases: [string, z.ZodType, unknown][] = [
    ['weekly menu (6 communities × 8 activities)', ZMenu, menuPayload()],
    ['statement page (50 entries)', ZStatementPage, statementPayload()],
  ];
  return cases.map(([name, schema, payload]) => {
    const viaContract = createContractSerializer({ strict: false })({ schema, method: 'GET', url: '/bench' } as never);
    const viaFjs = fastJson(z.toJSONSchema(schema, { target: 'draft-7' }) as Parameters<typeof fastJson>[0]);
    const same = JSON.parse(viaContract(payload)) as unknown;
    if (JSON.stringify(same) !== JSON.stringify(JSON.parse(viaFjs(payload))))
      throw new Error(`${name}: the serialisers disagree`);
    const baselinePerSecond = rate(() => JSON.stringify(payload), ms);
    const zodPerSecond = rate(() => viaContract(payload), ms);
    const fjsPerSecond = rate(() => viaFjs(payload), ms);
    return {
      payload: name,
      bytes: Buffer.byteLength(JSON.stringify(payload)),
      baselinePerSecond,
      zodPerSecond,
      fjsPerSecond,
      zodRatio: zodPerSecond / baselinePerSecond,
      fjsRatio: fjsPerSecond / baselinePerSecond,
    };
  });
}

// `npx tsx bench/serialization.bench.ts` on its own prints one round.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of runSerializationRound())
    console.log(
      `${row.payload} (${row.bytes} B): JSON.stringify ${fmt(row.baselinePerSecond)}/s, zod ${fmt(row.zodPerSecond)}/s (${fmt(row.zodRatio, 2)}), fjs ${fmt(row.fjsPerSecond)}/s (${fmt(row.fjsRatio, 2)})`,
    );
}
