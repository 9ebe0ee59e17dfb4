import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckCharacter } from '@zhongli/domain';
import { seedDemoCounty } from '../src/demo/seed.js';
import { idNumberDigest } from '../src/modules/residents/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import { publicRouteUrls } from './support/public-routes.js';

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

describe('public answers on the demo county', () => {
  it('carry no resident or account holder name, phone, ID-number fragment, birth date or member code', async () => {
    const secrets = await personalData();
    expect(secrets.filter((s) => s.what === 'ID number').length).toBeGreaterThan(100);

    const findings: string[] = [];
    const read: string[] = [];
    let answers = 0;
    const { routes, unresolved } = await publicRouteUrls(t);
    for (const { path, urls } of routes) {
      let ok = 0;
      for (const url of urls) {
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
