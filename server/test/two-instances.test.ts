import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { countyDateOf } from '@zhongli/domain';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import type { DatabaseHandle } from '../src/db/connect.js';
import { openSession, SESSION_COOKIE } from '../src/modules/accounts/index.js';
import type { AppDeps } from '../src/platform/deps.js';
import { TEST_PASSWORD } from './support/app.js';
import { onPostgres } from './support/database.js';
import {
  buildCommunity,
  buildMerchant,
  buildResident,
  buildService,
  buildShopItem,
  buildStaff,
  fundResident,
} from './support/factories.js';
import { expectExactBookings, expectExactStock, expectExactVoucherClaims } from './support/invariants.js';
import { expectLedgerInvariants } from './support/ledger.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { createStandaloneDatabase, standaloneDeps } from './support/standalone-database.js';

/**
 * Two real server processes on one PostgreSQL database, started at the same moment, each with its
 * own DATA_DIR (two machines behind a balancer) and the same SESSION_SECRET. Requests alternate
 * between them; the guarantees hold across both, checked in SQL afterwards. SQLite is one server
 * process per file, so this runs only in the PostgreSQL project.
 */
const SECRET = 'two-instances-share-this-session-secret';
const DAY_MS = 24 * 60 * 60 * 1000;
let database: Awaited<ReturnType<typeof createStandaloneDatabase>>;
let handle: DatabaseHandle;
let deps: AppDeps;
let instances: ServerProcess[];
let signer: Awaited<ReturnType<typeof buildApp>>;
let communityId: number;
let staffCookie: string;
const scratch = mkdtempSync(path.join(tmpdir(), 'zhongli-two-'));

/** The instance that serves request number i: A, B, A, B … */
const via = (i: number) => instances[i % 2]!.baseUrl;

async function cookieOf(response: Response): Promise<string> {
  expect(response.status, await response.clone().text()).toBe(200);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

const signIn = (base: string, phone: string) =>
  fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password: TEST_PASSWORD }),
  }).then(cookieOf);

/** A signed-in cookie without argon2 (for crowds): the session row and signed cookie a sign-in creates. */
async function quickCookie(residentId: number): Promise<string> {
  const { user_id } = await deps.db
    .selectFrom('residents')
    .select('user_id')
    .where('id', '=', residentId)
    .executeTakeFirstOrThrow();
  return `${SESSION_COOKIE}=${signer.signCookie(await openSession(deps, user_id!))}`;
}

async function post(base: string, url: string, cookie: string, body: object) {
  const response = await fetch(`${base}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { error?: { code: string } } & Record<string, unknown>;
  return { status: response.status, code: json.error?.code, body: json };
}

const tally = (outcomes: { status: number; code?: string }[]) => {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o.code ? `${o.status} ${o.code}` : String(o.status)] ??= 0;
  for (const o of outcomes) counts[o.code ? `${o.status} ${o.code}` : String(o.status)]!++;
  return counts;
};

beforeAll(async () => {
  if (!onPostgres) return;
  database = await createStandaloneDatabase();
  const dataDir = (name: string) => ({
    DATA_DIR: mkdtempSync(path.join(scratch, `${name}-`)),
    WEB_DIST: path.join(scratch, 'no-web'),
  });
  const env = { ...database.env, DEMO: '0', SESSION_SECRET: SECRET };
  instances = await Promise.all([
    startServerProcess({ ...env, ...dataDir('a') }),
    startServerProcess({ ...env, ...dataDir('b') }),
  ]);
  handle = database.open();
  deps = await standaloneDeps(handle, SECRET);
  signer = await buildApp(deps, { strictResponses: true });
  communityId = (await buildCommunity(deps)).id;
  staffCookie = await signIn(via(0), (await buildStaff(deps, communityId)).phone);
}, 120_000);

afterAll(async () => {
  await Promise.all((instances ?? []).map((s) => s.stop()));
  await signer?.close();
  await handle?.close();
  await database?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

describe.runIf(onPostgres)(
  'two instances on one PostgreSQL database (PostgreSQL only: SQLite is one process per file)',
  () => {
    it('a session made on A works on B, and signing out on B ends it on A', async () => {
      const staff = await buildStaff(deps, communityId);
      const cookie = await signIn(via(0), staff.phone);
      const me = await fetch(`${via(1)}/api/me`, { headers: { cookie } });
      expect(me.status).toBe(200);
      const out = await fetch(`${via(1)}/api/auth/logout`, { method: 'POST', headers: { cookie } });
      expect(out.status).toBeLessThan(300);
      expect((await fetch(`${via(0)}/api/me`, { headers: { cookie } })).status).toBe(401);
    });

    it('a photo uploaded on A is served by B (and by A): 10 of 10 fetches', async () => {
      const image = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#c03030' } })
        .png()
        .toBuffer();
      const form = new FormData();
      form.append('communityId', String(communityId));
      form.append('file', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'photo.png');
      const uploaded = await fetch(`${via(0)}/api/photos`, {
        method: 'POST',
        headers: { cookie: staffCookie },
        body: form,
      });
      expect(uploaded.status, await uploaded.clone().text()).toBe(201);
      const photo = (await uploaded.json()) as { url: string; thumbUrl: string };
      const fetched = [];
      for (let i = 0; i < 10; i++) {
        const url = i % 4 < 2 ? photo.url : photo.thumbUrl;
        const response = await fetch(`${via(i + 1)}${url}`);
        fetched.push([response.status, response.headers.get('content-type')]);
        await response.arrayBuffer();
      }
      expect(fetched).toEqual(Array(10).fill([200, 'image/jpeg']));
    });

    it('a booking flash crowd split across A and B: 60 seniors, 25 places → exactly 25 bookings, numbers 1–25', async () => {
      const serviceId = (await buildService(deps, { communityId, monthlyLimit: null })).id;
      // A session of its own, open for booking now, three days ahead.
      const date = countyDateOf(new Date(Date.now() + 3 * DAY_MS));
      const { id: sessionId } = await deps.db
        .insertInto('service_sessions')
        .values({
          service_id: serviceId,
          date,
          period: '两实例',
          starts_at: `${date}T00:30:00.000Z`,
          ends_at: `${date}T03:30:00.000Z`,
          capacity: 25,
          booking_opens_at: new Date(Date.now() - 60 * 60 * 1000).toISOString(),
          scope: 'community',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const crowd = [];
      for (let i = 0; i < 60; i++) {
        const resident = await buildResident(deps, { communityId, birthDate: '1955-03-03', withLogin: true });
        crowd.push({ residentId: resident.id, cookie: await quickCookie(resident.id) });
      }
      const outcomes = await Promise.all(
        crowd.map((p, i) => post(via(i), '/api/bookings', p.cookie, { sessionId }).then((o) => ({ ...o, ...p }))),
      );
      expect(tally(outcomes)).toEqual({ '201': 25, '409 SESSION_FULL': 35 });

      const bookings = await expectExactBookings(deps, sessionId, 25);
      const winners = new Set(outcomes.filter((o) => o.status === 201).map((o) => o.residentId));
      expect(winners).toEqual(new Set(bookings.map((b) => b.resident_id)));
    }, 120_000);

    it('a voucher claim race split across A and B: an offer of 10, 40 residents → 10 vouchers, 10 charged', async () => {
      const merchant = await buildMerchant(deps, communityId);
      const offer = await post(via(1), '/api/vouchers/offers', staffCookie, {
        merchantId: merchant.id,
        title: '十张券',
        faceValueFen: 300,
        pointsCost: 20,
        quantity: 10,
        validUntil: new Date(Date.now() + 30 * DAY_MS).toISOString(),
        perResidentLimit: 1,
      });
      expect(offer.status).toBe(201);
      const offerId = offer.body.id as number;
      const people = [];
      for (let i = 0; i < 40; i++) {
        const resident = await buildResident(deps, { communityId, withLogin: true });
        await fundResident(deps, resident.id, 20);
        people.push({ residentId: resident.id, cookie: await quickCookie(resident.id) });
      }
      const outcomes = await Promise.all(
        people.map((p, i) => post(via(i), '/api/vouchers/claims', p.cookie, { offerId })),
      );
      expect(tally(outcomes)).toEqual({ '201': 10, '409 OFFER_EXHAUSTED': 30 });

      await expectExactVoucherClaims(
        deps,
        offerId,
        people.map((p) => p.residentId),
        10,
      );
    }, 120_000);

    it('a shop redemption race split across A and B: stock 6, 30 redemptions at two counters → 6 sold, every unit and point accounted for', async () => {
      const item = await buildShopItem(deps, communityId, { stock: 6, pointsPrice: 10 });
      const people = [];
      for (let i = 0; i < 30; i++) {
        const resident = await buildResident(deps, { communityId });
        await fundResident(deps, resident.id, 10);
        people.push(resident);
      }
      const outcomes = await Promise.all(
        people.map((p, i) =>
          post(via(i), '/api/shop/redemptions', staffCookie, {
            residentId: p.id,
            lines: [{ itemId: item.id, quantity: 1 }],
          }),
        ),
      );
      expect(tally(outcomes)).toEqual({ '201': 6, '409 OUT_OF_STOCK': 24 });

      expect(await expectExactStock(deps, item.id, 6)).toBe(0);
      const spent = await deps.db
        .selectFrom('points_ledger')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'redemption')
        .where(
          'resident_id',
          'in',
          people.map((p) => p.id),
        )
        .executeTakeFirstOrThrow();
      expect(Number(spent.n)).toBe(6);
      await expectLedgerInvariants(deps);
    }, 120_000);
  },
);
