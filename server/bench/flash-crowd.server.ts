/**
 * The server side of the flash-crowd bench (flash-crowd.bench.ts), run inside the HTTP bench's
 * server process (http-award.server.ts): the crowd's residents with their logins, one fresh
 * 1元理发屋 per round, and the check of the session once the burst is over.
 *
 * Each resident books for themself with their own session cookie, as on their phone, so every
 * request pays for its own session lookup. Signing 2,000 people in over HTTP would cost about
 * 40 ms of argon2 each (over a minute) and measure nothing the bench is about, so the logins are
 * made the way `signIn` makes them after the password check: `newSessionToken` + `insertSession`,
 * and the cookie signed with the app's own secret (`app.signCookie`).
 */
import { makeMemberCode } from '@zhongli/domain';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../src/platform/actor.js';
import type { AppDeps } from '../src/platform/deps.js';
import { insertSession, insertUser } from '../src/modules/accounts/accounts.repository.js';
import { newSessionToken, SESSION_COOKIE, SESSION_TTL_MS } from '../src/modules/accounts/sessions.js';
import { insertResident } from '../src/modules/residents/residents.repository.js';
import { createService } from '../src/modules/services/services.service.js';
import * as servicesRepo from '../src/modules/services/services.repository.js';

export interface FlashCrowdSeed {
  /** The crowd, one resident each; `cookies[i]` signs in as `residentIds[i]`. */
  residentIds: number[];
  /** The probe resident (not in the crowd): books once per round on another session, before the burst. */
  probeResidentId: number;
  seconds: number;
}

export interface FlashCrowdLogins extends FlashCrowdSeed {
  /** `Cookie` header values, index for index with `residentIds`. */
  cookies: string[];
  probeCookie: string;
}

export interface FlashSessionPrepared {
  type: 'flash-prepared';
  round: number;
  serviceId: number;
  /** The session the crowd goes for. */
  sessionId: number;
  date: string;
  period: string;
  capacity: number;
  /** Another open session of the same service, for the probe booking. */
  probeSessionId: number;
}

export interface FlashSessionVerified {
  type: 'flash-verified';
  sessionId: number;
  capacity: number;
  /** service_sessions.booked and .queue_seq after the burst. */
  booked: number;
  queueSeq: number;
  /** Rows of the session not cancelled, their distinct residents, their queue numbers in order. */
  bookings: number;
  distinctResidents: number;
  queueNumbers: number[];
  residentIds: number[];
  /** Monthly allowances taken on the round's service (the probe's included): one per booking. */
  allowancesTaken: number;
  /** Bookings of the round's service on any session (the measured one and the probe's). */
  serviceBookings: number;
}

/** Born 1950: 60+ on any session date. Phones 137xxxxxxxx, outside the staff's 139 range. */
const BIRTH_DATE = '1950-01-01';

/**
 * `residents` + 1 (the probe) residents in the fixture's community, each with a user account (no
 * password: they never sign in by password) and a live session, in one transaction.
 */
export async function seedFlashCrowd(
  deps: AppDeps,
  communityId: number,
  staffUserId: number,
  residents: number,
): Promise<{ seed: FlashCrowdSeed; tokens: string[]; probeToken: string }> {
  const started = performance.now();
  const now = deps.clock.now();
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
  const taken = new Set(
    (await deps.db.selectFrom('residents').select('member_code').execute()).map((r) => r.member_code),
  );
  const { ids, tokens } = await deps.db.transaction().execute(async (trx) => {
    const ids: number[] = [];
    const tokens: string[] = [];
    for (let i = 0; i <= residents; i++) {
      let memberCode = makeMemberCode();
      while (taken.has(memberCode)) memberCode = makeMemberCode();
      taken.add(memberCode);
      const name = i === residents ? '探针居民' : `抢号居民${i + 1}`;
      const userId = await insertUser(trx, {
        name,
        phone: `137${String(i + 1).padStart(8, '0')}`,
        passwordHash: null,
        createdAt: at,
      });
      ids.push(
        await insertResident(trx, {
          communityId,
          userId,
          name,
          memberCode,
          birthDate: BIRTH_DATE,
          gender: null,
          idNumberMasked: null,
          idNumberDigest: null,
          createdBy: staffUserId,
          at,
        }),
      );
      const { token, id } = newSessionToken();
      await insertSession(trx, { id, userId, now: at, expiresAt });
      tokens.push(token);
    }
    return { ids, tokens };
  });
  return {
    seed: {
      residentIds: ids.slice(0, residents),
      probeResidentId: ids[residents]!,
      seconds: (performance.now() - started) / 1000,
    },
    tokens: tokens.slice(0, residents),
    probeToken: tokens[residents]!,
  };
}

/** The `Cookie` header a browser would send after `setSessionCookie` (signed with the app's secret). */
export function sessionCookieHeader(app: FastifyInstance, token: string): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(app.signCookie(token))}`;
}

/**
 * A fresh 1元理发屋 for the round (round 0: the warm-up) (its own service, so the monthly limit of 1 is the residents'
 * first of the month in every round): the demo's shape, except that booking opens 60 days ahead,
 * so the nearest sessions are open now. The crowd goes for the first open session (capacity 25)
 * that does not end within the hour; the probe books the next one.
 */
export async function prepareFlashSession(
  deps: AppDeps,
  staff: Actor,
  communityId: number,
  round: number,
  capacity: number,
): Promise<FlashSessionPrepared> {
  const { id: serviceId } = await createService({
    deps,
    actor: staff,
    data: {
      name: round === 0 ? '1元理发屋（基准预热）' : `1元理发屋（基准第${round}轮）`,
      communityId,
      priceFen: 100,
      schedule: {
        daysOfMonth: [5, 15],
        sessions: [
          { period: '上午', start: '08:30', end: '11:30', capacity },
          { period: '下午', start: '14:30', end: '17:00', capacity },
        ],
      },
      holidayPolicy: 'skip',
      eligibility: { minAge: 60, scope: 'county' },
      bookingOpensDaysAhead: 60,
      bookingOpensAt: '08:00',
      volunteersPerSession: 2,
      monthlyLimit: 1,
    },
  });
  const now = deps.clock.now();
  const soon = new Date(now.getTime() + 60 * 60 * 1000).toISOString();
  const open = (
    await deps.db
      .selectFrom('service_sessions')
      .selectAll()
      .where('service_id', '=', serviceId)
      .where('status', '=', 'open')
      .orderBy('starts_at')
      .execute()
  ).filter((s) => s.booking_opens_at <= now.toISOString() && s.ends_at > soon);
  if (open.length < 2) throw new Error(`the bench service has ${open.length} open sessions; the flash crowd needs two`);
  const [session, probe] = open as [servicesRepo.ServiceSessionRow, servicesRepo.ServiceSessionRow];
  return {
    type: 'flash-prepared',
    round,
    serviceId,
    sessionId: session.id,
    date: session.date,
    period: session.period,
    capacity: session.capacity,
    probeSessionId: probe.id,
  };
}

/** What the database says about the session after the burst; the parent decides whether it holds. */
export async function verifyFlashSession(deps: AppDeps, sessionId: number): Promise<FlashSessionVerified> {
  const session = (await servicesRepo.findServiceSession(deps.db, sessionId))!;
  const bookings = await deps.db
    .selectFrom('bookings')
    .select(['resident_id', 'queue_number'])
    .where('session_id', '=', sessionId)
    .where('state', '!=', 'cancelled')
    .orderBy('queue_number')
    .execute();
  const usage = await deps.db
    .selectFrom('service_limit_usage')
    .select((eb) => eb.fn.sum<number>('count').as('n'))
    .where('service_id', '=', session.service_id)
    .executeTakeFirstOrThrow();
  const serviceBookings = await deps.db
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('service_id', '=', session.service_id)
    .where('state', '!=', 'cancelled')
    .executeTakeFirstOrThrow();
  return {
    type: 'flash-verified',
    sessionId,
    capacity: session.capacity,
    booked: session.booked,
    queueSeq: session.queue_seq,
    bookings: bookings.length,
    distinctResidents: new Set(bookings.map((b) => b.resident_id)).size,
    queueNumbers: bookings.map((b) => b.queue_number),
    residentIds: bookings.map((b) => b.resident_id),
    allowancesTaken: Number(usage.n ?? 0),
    serviceBookings: Number(serviceBookings.n),
  };
}
