import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckCharacter } from '@zhongli/domain';
import { seedDemoCounty } from '../src/demo/seed.js';
import { idNumberDigest } from '../src/modules/residents/index.js';
import { createTestApp, type TestApp } from './support/app.js';

/**
 * The public side of the security suite: on the demo county, every route an anonymous visitor can
 * read (found by asking every GET route of the OpenAPI document without a session), called with
 * every real id it takes, and every answer scanned for personal data — residents' full names
 * (masked forms like 邓*晓 are fine) and account holders' names, phone numbers, ID-number
 * fragments, birth dates and member codes.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemoCounty(t.deps);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** 闻喜县, the demo's area code (server/src/demo/seed.ts). */
const DEMO_AREA_CODE = '140823';

interface Secret {
  what: string;
  value: string;
}

/**
 * What must never be public. The ID numbers are not stored, so they are recovered here the way an
 * attacker with the database would try: every sequence number against the stored digest.
 */
async function personalData(): Promise<Secret[]> {
  const residents = await t.db
    .selectFrom('residents')
    .select(['name', 'birth_date', 'member_code', 'id_number_digest'])
    .execute();
  const users = await t.db.selectFrom('users').select(['name', 'phone']).execute();
  const secrets: Secret[] = [];
  for (const r of residents) {
    secrets.push({ what: 'resident name', value: r.name });
    secrets.push({ what: 'member code', value: r.member_code });
    const [y, m, d] = r.birth_date.split('-') as [string, string, string];
    secrets.push({ what: 'birth date', value: r.birth_date });
    secrets.push({ what: 'birth date', value: `${y}${m}${d}` });
    secrets.push({ what: 'birth date', value: `${y}年${Number(m)}月${Number(d)}日` });
    if (r.id_number_digest) {
      const idNumber = recoverIdNumber(r.birth_date, r.id_number_digest);
      if (idNumber) {
        secrets.push({ what: 'ID number', value: idNumber });
        secrets.push({ what: 'ID number digits 7–18', value: idNumber.slice(6) });
        secrets.push({ what: 'ID number digits 11–18', value: idNumber.slice(10) });
      }
    }
  }
  // Staff, volunteers and merchants' keepers are people too.
  for (const u of users)
    secrets.push({ what: 'phone', value: u.phone }, { what: 'account holder name', value: u.name });
  return secrets;
}

function recoverIdNumber(birthDate: string, digest: string): string | undefined {
  for (let sequence = 0; sequence < 1000; sequence++) {
    const first17 = `${DEMO_AREA_CODE}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
    const candidate = first17 + idNumberCheckCharacter(first17);
    if (idNumberDigest(t.deps.idDigestKey, candidate) === digest) return candidate;
  }
  return undefined;
}

/** Real ids for each public route's path parameters (every one of them, so no page is left unread). */
async function parameterSets(path: string): Promise<Record<string, string>[] | undefined> {
  const ids = (rows: { id: number }[]) => rows.map((r) => ({ id: String(r.id) }));
  if (/^\/api\/(public\/)?merchants\/\{id\}/.test(path))
    return ids(await t.db.selectFrom('merchants').select('id').execute());
  if (path.startsWith('/api/public/shop/items/{id}'))
    return ids(await t.db.selectFrom('shop_items').select('id').execute());
  if (path.startsWith('/api/public/activities/{id}'))
    return ids(await t.db.selectFrom('activities').select('id').execute());
  if (path.startsWith('/api/public/services/{id}'))
    return ids(await t.db.selectFrom('services').select('id').execute());
  if (/^\/api\/public\/(service-)?sessions\/\{id\}/.test(path))
    // the sessions people booked, and a few more
    return ids(
      await t.db
        .selectFrom('service_sessions')
        .select('id')
        .orderBy(
          (eb) =>
            eb
              .selectFrom('bookings')
              .select((b) => b.fn.countAll().as('n'))
              .whereRef('bookings.session_id', '=', 'service_sessions.id'),
          'desc',
        )
        .orderBy('id')
        .limit(30)
        .execute(),
    );
  if (path.startsWith('/api/public/menus/{week}'))
    return (await t.db.selectFrom('activities').select('week').distinct().execute()).map((r) => ({ week: r.week }));
  if (!path.includes('{')) return [{}];
  return undefined;
}

/** Each public route is read without a filter (where that is allowed) and for every community. */
async function queryVariants(required: boolean): Promise<string[]> {
  const communities = await t.db.selectFrom('communities').select('id').execute();
  return [...(required ? [] : ['']), ...communities.map((c) => `?communityId=${c.id}`)];
}

const PLACEHOLDERS: Record<string, string> = {
  month: '2026-11',
  date: '2026-11-28',
  communityId: '1',
  week: '2026-W48',
};

type Operation = { parameters?: { in: string; name: string; required?: boolean }[] };

describe('public answers on the demo county', () => {
  it('carry no resident or account holder name, phone, ID-number fragment, birth date or member code', async () => {
    await t.app.ready();
    const document = t.app.swagger() as { paths: Record<string, Record<string, Operation>> };
    const secrets = await personalData();
    expect(secrets.filter((s) => s.what === 'ID number').length).toBeGreaterThan(100);

    const findings: string[] = [];
    const unresolved: string[] = [];
    const read: string[] = [];
    let answers = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      const get = operations.get;
      if (!get || path.startsWith('/uploads/')) continue; // photos are re-encoded images, EXIF stripped
      // Public is what answers without a session: ask with placeholder ids and required filters first.
      const required = (get.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => p.name);
      const placeholders = new URLSearchParams(required.map((name) => [name, PLACEHOLDERS[name] ?? '1']));
      const probe = await t.app.inject({
        url: `${path.replace(/\{(\w+)\}/g, (_m, name: string) => PLACEHOLDERS[name] ?? '1')}?${placeholders.toString()}`,
      });
      if (probe.statusCode === 401) continue;
      const sets = await parameterSets(path);
      if (!sets) {
        unresolved.push(path);
        continue;
      }
      const communityParam = get.parameters?.find((p) => p.in === 'query' && p.name === 'communityId');
      const queries = communityParam ? await queryVariants(Boolean(communityParam.required)) : [''];
      let ok = 0;
      for (const params of sets)
        for (const query of queries) {
          const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name]!) + query;
          const response = await t.app.inject({ url });
          if (response.statusCode !== 200) continue;
          ok++;
          answers++;
          // iCalendar folds long lines (CRLF + space): unfold, so a name split across lines is still found.
          const body = response.body.replace(/\r\n[ \t]/g, '');
          for (const s of secrets) if (body.includes(s.value)) findings.push(`${url}: ${s.what} ${s.value}`);
          for (const phone of body.match(/(?<!\d)1[3-9]\d{9}(?!\d)/g) ?? [])
            findings.push(`${url}: phone-like number ${phone}`);
        }
      read.push(`${path} (${ok})`);
      expect(ok, `${path} answered no 200 with the demo's ids`).toBeGreaterThan(0);
    }
    console.info(`[public data] ${answers} answers from ${read.length} public routes scanned:\n  ${read.join('\n  ')}`);
    expect(unresolved).toEqual([]);
    expect([...new Set(findings)]).toEqual([]);
    expect(read.length).toBeGreaterThan(20);
  }, 120_000);
});
