import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADDRESS_THROTTLE, KNOWN_DEVICE_THROTTLE, PHONE_THROTTLE } from '@zhongli/domain';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { openPostgres, openSqlite, type DatabaseHandle } from '../src/db/connect.js';
import type * as Passwords from '../src/modules/accounts/passwords.js';
import { DEFAULT_PROXY_NETWORKS } from '../src/platform/proxy-trust.js';
import { createTestApp, errorCode, TEST_PASSWORD, type TestApp } from './support/app.js';
import { onPostgres } from './support/database.js';
import { buildCenterAdmin, buildStaff, buildCommunity } from './support/factories.js';
import { naiveSignIn } from './support/naive-accounts.js';

/** Every argon2 verification the app makes: what the throttle must bound, whatever the answers say. */
const verifications = vi.hoisted(() => ({ count: 0 }));
vi.mock('../src/modules/accounts/passwords.js', async (importOriginal) => {
  const original = await importOriginal<typeof Passwords>();
  return {
    ...original,
    verifyPassword: (hash: string, password: string) => {
      verifications.count++;
      return original.verifyPassword(hash, password);
    },
  };
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A second app over its own connections to this test's database, as a second instance would have. */
async function secondInstance() {
  let handle: DatabaseHandle;
  if (onPostgres) {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(t.db);
    handle = openPostgres(process.env.TEST_DATABASE_URL!, { schema: rows[0]!.schema, max: 10 });
  } else {
    const { rows } = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(
      t.db,
    );
    handle = openSqlite(rows[0]!.file);
  }
  const app = await buildApp({ ...t.deps, db: handle.db }, { strictResponses: true });
  return {
    app,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

let addressSeq = 0;
/** A fresh address per call, so only the counter under test can refuse. */
const freshAddress = () => `10.77.${Math.floor(++addressSeq / 250)}.${addressSeq % 250}`;

const login = (
  phone: string,
  password: string,
  { address = freshAddress(), cookie, app = t.app, forwardedFor }: LoginOptions = {},
) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { phone, password },
    remoteAddress: address,
    headers: { ...(cookie ? { cookie } : {}), ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
  });
interface LoginOptions {
  address?: string;
  cookie?: string;
  app?: TestApp['app'];
  forwardedFor?: string;
}

/** The known-device cookie a successful sign-in set, as a Cookie header. */
function deviceCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'zl_device');
  if (!cookie) throw new Error(`no device cookie: ${response.statusCode} ${response.body}`);
  return `zl_device=${cookie.value}`;
}

const retryAfter = (response: LightMyRequestResponse) =>
  (response.json() as { error: { retryAfterSeconds?: number } }).error.retryAfterSeconds;

async function counter(key: string) {
  const row = await t.db.selectFrom('login_throttle').select('failures').where('key', '=', key).executeTakeFirst();
  return row?.failures;
}

const statusCounts = (responses: LightMyRequestResponse[]) => {
  const count = (status: number) => responses.filter((r) => r.statusCode === status).length;
  return {
    failed: count(401),
    signedIn: count(200),
    refused: count(429),
    other: responses.length - count(401) - count(200) - count(429),
  };
};

describe('reserve, then check: concurrent guesses', () => {
  for (const burst of [25, 60]) {
    it(`${burst} concurrent guesses at one phone, the right one last: no more reach the password check than the limit allows${onPostgres ? ' (PostgreSQL: also shows a lost compare-and-set)' : ' (SQLite: shows the old check-then-argon2-then-write race; a lost compare-and-set shows only on PostgreSQL)'}`, async () => {
      const user = await buildCenterAdmin(t.deps);
      verifications.count = 0;
      const responses = await Promise.all(
        Array.from({ length: burst }, (_, i) =>
          login(user.phone, i === burst - 1 ? TEST_PASSWORD : `wrong-guess-${i}`),
        ),
      );
      const { failed, signedIn, refused, other } = statusCounts(responses);
      expect(other).toBe(0);
      // Only the attempts answered 401 or 200 reached argon2. A success gives its place back, so at most one
      // more than the free ones is checked.
      expect(verifications.count).toBe(failed + signedIn);
      expect(failed).toBeLessThanOrEqual(PHONE_THROTTLE.freeFailures);
      expect(failed + signedIn).toBeLessThanOrEqual(PHONE_THROTTLE.freeFailures + 1);
      expect(refused).toBeGreaterThanOrEqual(burst - PHONE_THROTTLE.freeFailures - 1);
      for (const r of responses.filter((r) => r.statusCode === 429)) {
        expect(errorCode(r)).toBe('RATE_LIMITED');
        expect(retryAfter(r)).toBeGreaterThan(0);
      }
      // In SQL: the counter holds exactly the failed checks.
      expect(await counter(`phone:${user.phone}`)).toBe(failed);
    });
  }

  it('25 concurrent guesses split across two instances, each with its own connections to the same database: the limit holds across them', async () => {
    const second = await secondInstance();
    try {
      const user = await buildCenterAdmin(t.deps);
      verifications.count = 0;
      const responses = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          login(user.phone, i === 24 ? TEST_PASSWORD : `wrong-guess-${i}`, { app: i % 2 ? second.app : t.app }),
        ),
      );
      const { failed, signedIn, other } = statusCounts(responses);
      expect(other).toBe(0);
      expect(verifications.count).toBe(failed + signedIn);
      expect(failed).toBeLessThanOrEqual(PHONE_THROTTLE.freeFailures);
      expect(failed + signedIn).toBeLessThanOrEqual(PHONE_THROTTLE.freeFailures + 1);
      expect(await counter(`phone:${user.phone}`)).toBe(failed);
    } finally {
      await second.close();
    }
  });

  it('60 concurrent guesses at 60 phones from one address: no more reach the password check than the address limit', async () => {
    const address = '10.61.0.1';
    verifications.count = 0;
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) => login(`1371234${String(i).padStart(4, '0')}`, 'wrong-guess', { address })),
    );
    const { failed, refused, other } = statusCounts(responses);
    expect(other).toBe(0);
    expect(failed).toBe(ADDRESS_THROTTLE.freeFailures);
    expect(verifications.count).toBe(failed);
    expect(refused).toBe(60 - ADDRESS_THROTTLE.freeFailures);
    expect(await counter(`ip:${address}`)).toBe(failed);
  });

  it('right passwords sent at once from one address within its free attempts are all let in (a double-click, a class signing in together; PostgreSQL refused some before)', async () => {
    const community = await buildCommunity(t.deps);
    const people = await Promise.all(Array.from({ length: 12 }, () => buildStaff(t.deps, community.id)));
    const address = '10.62.0.1';
    // A clock that moves on with every reading, as a real one does: an attempt that began later can count first.
    const stopped = t.clock.now;
    const start = stopped().getTime();
    let tick = 0;
    t.clock.now = () => new Date(start + tick++);
    try {
      const doubleClick = await Promise.all(
        Array.from({ length: 3 }, () => login(people[0]!.phone, TEST_PASSWORD, { address })),
      );
      const together = await Promise.all(people.map((p) => login(p.phone, TEST_PASSWORD, { address })));
      expect([...doubleClick, ...together].map((r) => r.statusCode)).toEqual(Array(15).fill(200));
    } finally {
      t.clock.now = stopped;
    }
  });

  it('control: the old count-then-check-then-write limit lets the same burst of 25 through (both databases: argon2 runs between the read and the write)', async () => {
    const user = await buildCenterAdmin(t.deps);
    verifications.count = 0;
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => naiveSignIn(t.deps, user.phone, i === 24 ? TEST_PASSWORD : `wrong-${i}`)),
    );
    expect(results.filter((r) => r.checked).length).toBeGreaterThan(PHONE_THROTTLE.freeFailures + 1);
    expect(verifications.count).toBe(results.filter((r) => r.checked).length);
  });
});

describe('what names a counter', () => {
  it('refuses a control character in the phone with 400 naming the field, counting nothing (PostgreSQL text cannot hold a NUL)', async () => {
    const before = await t.db.selectFrom('login_throttle').select('key').execute();
    for (const phone of ['1380000\u00000000', '13800000000\u001f']) {
      const response = await login(phone, 'whatever-password');
      expect(response.statusCode).toBe(400);
      expect(errorCode(response)).toBe('VALIDATION_FAILED');
      expect(
        (response.json() as { error: { details: { field: string }[] } }).error.details.map((d) => d.field),
      ).toEqual(['phone']);
    }
    expect(await t.db.selectFrom('login_throttle').select('key').execute()).toEqual(before);
  });
});

describe('progressive delay instead of a lockout', () => {
  it('slows one phone down twice as much after each further failure, then lets the right password in', async () => {
    const user = await buildCenterAdmin(t.deps);
    for (let i = 0; i < PHONE_THROTTLE.freeFailures; i++)
      expect((await login(user.phone, 'wrong')).statusCode).toBe(401);
    const refused = await login(user.phone, TEST_PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(retryAfter(refused)).toBe(30);
    expect(refused.headers['retry-after']).toBe('30');

    t.clock.advance(30_000 - 1);
    expect((await login(user.phone, TEST_PASSWORD)).statusCode).toBe(429);
    t.clock.advance(1);
    expect((await login(user.phone, 'wrong')).statusCode).toBe(401);
    const longer = await login(user.phone, TEST_PASSWORD);
    expect(retryAfter(longer)).toBe(60);
    // Another account is not held up meanwhile.
    const other = await buildCenterAdmin(t.deps);
    expect((await login(other.phone, TEST_PASSWORD)).statusCode).toBe(200);

    t.clock.advance(60_000);
    expect((await login(user.phone, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('never makes a phone wait longer than the cap, however many guesses strangers made', async () => {
    const user = await buildCenterAdmin(t.deps);
    await t.db
      .insertInto('login_throttle')
      .values({
        key: `phone:${user.phone}`,
        failures: 10_000,
        last_attempt_at: t.clock.now().toISOString(),
        version: 0,
      })
      .execute();
    expect(retryAfter(await login(user.phone, TEST_PASSWORD))).toBe(PHONE_THROTTLE.maxDelayMs / 1000);
    t.clock.advance(PHONE_THROTTLE.maxDelayMs);
    expect((await login(user.phone, TEST_PASSWORD)).statusCode).toBe(200);
  });
});

describe('known devices', () => {
  it("let the owner's right password through while strangers keep the phone throttled; the owner's typos count apart", async () => {
    const user = await buildCenterAdmin(t.deps);
    const first = await login(user.phone, TEST_PASSWORD);
    expect(first.statusCode).toBe(200);
    const known = deviceCookie(first);

    const strangers = await Promise.all(Array.from({ length: 20 }, () => login(user.phone, 'stranger-guess')));
    expect(statusCounts(strangers).failed).toBe(PHONE_THROTTLE.freeFailures);
    expect((await login(user.phone, TEST_PASSWORD)).statusCode).toBe(429); // a new browser waits like strangers

    expect((await login(user.phone, 'owner-typo', { cookie: known })).statusCode).toBe(401);
    const again = await login(user.phone, TEST_PASSWORD, { cookie: known });
    expect(again.statusCode).toBe(200);
    expect(deviceCookie(again)).toBe(known); // the same device stays the same
    const failures = await t.db
      .selectFrom('login_throttle')
      .select(['key', 'failures'])
      .where((eb) => eb.or([eb('key', '=', `phone:${user.phone}`), eb('key', 'like', `device:${user.id}:%`)]))
      .orderBy('key')
      .execute();
    // The typo was counted on the device and given back by the success; the strangers' failures stay on the phone.
    expect(failures.map((r) => [r.key.split(':')[0], r.failures])).toEqual([
      ['device', 1],
      ['phone', PHONE_THROTTLE.freeFailures],
    ]);
  });

  it('are per account: a device known to one account, or a forged cookie, is a stranger to another', async () => {
    const victim = await buildCenterAdmin(t.deps);
    const attacker = await buildCenterAdmin(t.deps);
    const attackersDevice = deviceCookie(await login(attacker.phone, TEST_PASSWORD));
    for (let i = 0; i < PHONE_THROTTLE.freeFailures; i++)
      expect((await login(victim.phone, 'guess', { cookie: attackersDevice })).statusCode).toBe(401);
    expect((await login(victim.phone, 'guess', { cookie: attackersDevice })).statusCode).toBe(429);
    const forged = 'zl_device=' + encodeURIComponent('made-up-device-id.not-a-signature');
    expect((await login(victim.phone, TEST_PASSWORD, { cookie: forged })).statusCode).toBe(429);
    expect(await counter(`phone:${victim.phone}`)).toBe(PHONE_THROTTLE.freeFailures);
  });

  it("slow down the owner's own repeated typos too", async () => {
    const user = await buildCenterAdmin(t.deps);
    const known = deviceCookie(await login(user.phone, TEST_PASSWORD));
    for (let i = 0; i < KNOWN_DEVICE_THROTTLE.freeFailures; i++)
      expect((await login(user.phone, 'typo', { cookie: known })).statusCode).toBe(401);
    expect((await login(user.phone, TEST_PASSWORD, { cookie: known })).statusCode).toBe(429);
  });
});

describe("the desk's shared address", () => {
  it('is slowed down progressively by strangers, never for long, and lets staff on known devices through', async () => {
    const desk = '10.62.0.1';
    const community = await buildCommunity(t.deps);
    const staff = await buildStaff(t.deps, community.id);
    const known = deviceCookie(await login(staff.phone, TEST_PASSWORD, { address: desk }));
    for (let i = 0; i < ADDRESS_THROTTLE.freeFailures; i++)
      expect((await login(`1381234${String(i).padStart(4, '0')}`, 'guess', { address: desk })).statusCode).toBe(401);

    const newcomer = await buildStaff(t.deps, community.id);
    const refused = await login(newcomer.phone, TEST_PASSWORD, { address: desk });
    expect(refused.statusCode).toBe(429);
    expect(retryAfter(refused)).toBe(ADDRESS_THROTTLE.firstDelayMs / 1000);
    expect((await login(staff.phone, TEST_PASSWORD, { address: desk, cookie: known })).statusCode).toBe(200);
    // The newcomer's refused attempt was not counted on the phone: the address refused it first.
    expect(await counter(`phone:${newcomer.phone}`)).toBeUndefined();
    t.clock.advance(ADDRESS_THROTTLE.firstDelayMs);
    expect((await login(newcomer.phone, TEST_PASSWORD, { address: desk })).statusCode).toBe(200);
  });
});

describe('behind a reverse proxy (TRUST_PROXY_HOPS=1)', () => {
  const PROXY = '127.0.0.1';
  let proxied: TestApp['app'];
  beforeAll(async () => {
    proxied = await buildApp(t.deps, { strictResponses: true, proxies: { hops: 1, from: DEFAULT_PROXY_NETWORKS } });
  });
  afterAll(() => proxied.close());

  it('rotating X-Forwarded-For values does not escape the per-address limit: the proxy appends the real address', async () => {
    const attacker = '203.0.113.7';
    const tries = await Promise.all(
      Array.from({ length: ADDRESS_THROTTLE.freeFailures + 10 }, (_, i) =>
        login(`1391234${String(i).padStart(4, '0')}`, 'guess', {
          app: proxied,
          address: PROXY,
          forwardedFor: `198.51.${i}.${i}, ${attacker}`,
        }),
      ),
    );
    expect(statusCounts(tries).failed).toBe(ADDRESS_THROTTLE.freeFailures);
    expect(statusCounts(tries).refused).toBe(10);
    expect(await counter(`ip:${attacker}`)).toBe(ADDRESS_THROTTLE.freeFailures);
  });

  it("a forged X-Forwarded-For cannot lock the desk's address", async () => {
    const desk = '10.63.0.5';
    const attacker = '203.0.113.66';
    for (let i = 0; i < ADDRESS_THROTTLE.freeFailures + 5; i++)
      await login(`1351234${String(i).padStart(4, '0')}`, 'guess', {
        app: proxied,
        address: PROXY,
        forwardedFor: `${desk}, ${attacker}`,
      });
    expect(await counter(`ip:${desk}`)).toBeUndefined();
    const staff = await buildCenterAdmin(t.deps);
    const atDesk = await login(staff.phone, TEST_PASSWORD, { app: proxied, address: PROXY, forwardedFor: desk });
    expect(atDesk.statusCode).toBe(200);
  });

  it('a client reaching the server directly cannot choose its address with X-Forwarded-For', async () => {
    const direct = '198.18.0.9';
    for (let i = 0; i < 3; i++)
      await login(`1331234${String(i).padStart(4, '0')}`, 'guess', {
        app: proxied,
        address: direct,
        forwardedFor: `10.64.0.${i}`,
      });
    expect(await counter(`ip:${direct}`)).toBe(3);
    expect(await counter('ip:10.64.0.0')).toBeUndefined();
  });

  it('an X-Forwarded-For entry that is not an IP address names no counter; IPv4 written as IPv6 counts as IPv4', async () => {
    const send = (forwardedFor: string) =>
      proxied.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { phone: '13312348888', password: 'guess' },
        remoteAddress: PROXY,
        headers: { 'x-forwarded-for': forwardedFor },
      });
    await send('garbage-8688');
    await send('::ffff:198.51.100.9');
    expect(await counter('ip:garbage-8688')).toBeUndefined();
    expect(await counter(`ip:${PROXY}`)).toBeGreaterThanOrEqual(1);
    expect(await counter('ip:198.51.100.9')).toBe(1);
  });

  it('without TRUST_PROXY_HOPS the header is ignored', async () => {
    await login('13312349999', 'guess', { address: '10.65.0.1', forwardedFor: '10.65.0.2' });
    expect(await counter('ip:10.65.0.1')).toBe(1);
    expect(await counter('ip:10.65.0.2')).toBeUndefined();
  });
});
