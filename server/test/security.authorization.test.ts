import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekOfInstant } from '@zhongli/domain';
import { createTestApp, quickCookie, type TestApp } from './support/app.js';
import { databaseFingerprint } from './support/fingerprint.js';
import {
  buildActivity,
  buildCenterAdmin,
  buildCheckin,
  buildCommunity,
  buildMerchant,
  buildNeed,
  buildPointsRules,
  buildResident,
  buildService,
  buildShopItem,
  buildStaff,
  buildUser,
  fundResident,
  actorOf,
} from './support/factories.js';
import { createVenue } from '../src/modules/communities/index.js';
import { submitOpeningBatch } from '../src/modules/points/index.js';

/**
 * The authorization matrix: every route of the OpenAPI document × every kind of actor, with path ids
 * that point at community A's objects and at resident X's things. Who may use a route is DECLARED
 * below (ACCESS), not observed: every actor not listed must be refused with 401/403/404 and leave
 * every table exactly as it was. A route missing from ACCESS fails the test, so a new route cannot
 * slip through unclassified.
 */

const ACTORS = [
  'anonymous',
  'residentX', // a resident of A, the owner of the things the ids point at
  'residentY', // another resident of A
  'residentB', // a resident of the other community
  'merchantA', // the account of merchant A
  'merchantA2', // the account of another shop in A (merchants must not reach each other's affairs)
  'volunteerA', // a volunteer of A, in the pool of A's barber service
  'volunteerA2', // a volunteer of A outside that pool
  'staffB', // community staff of ANOTHER community
  'staffA', // community staff of A
  'center', // the center admin
] as const;
type ActorName = (typeof ACTORS)[number];

const PUBLIC: readonly ActorName[] = ACTORS;
const SIGNED_IN = ACTORS.filter((a) => a !== 'anonymous');
const STAFF: ActorName[] = ['staffA', 'staffB', 'center'];
const STAFF_A: ActorName[] = ['staffA', 'center'];
const CENTER: ActorName[] = ['center'];
const OWNER_X: ActorName[] = ['residentX', 'staffA', 'center'];
const MERCHANT_A: ActorName[] = ['merchantA', 'staffA', 'center'];
/** Who runs a service's queue: its community's staff, the center, and the volunteers of its pool (the barbers). */
const QUEUE: ActorName[] = ['volunteerA', 'staffA', 'center'];
const RESIDENTS_OF_A: ActorName[] = ['residentX', 'residentY'];

type World = Awaited<ReturnType<typeof buildWorld>>;
interface Access {
  allow: readonly ActorName[];
  params?: (w: World) => Record<string, string | number>;
  body?: (w: World) => unknown;
  query?: (w: World) => Record<string, string>;
}

const id = (pick: (w: World) => number) => (w: World) => ({ id: pick(w) });
const reason = () => ({ reason: '安全测试' });
const inA = (w: World) => ({ communityId: String(w.a) });
const later = '2026-12-20T01:00:00.000Z';

/** route ("METHOD /path" as in the OpenAPI document) → who may use it. */
const ACCESS: Record<string, Access> = {
  // accounts
  'POST /api/auth/login': { allow: PUBLIC },
  'POST /api/auth/logout': { allow: SIGNED_IN },
  'POST /api/auth/password': {
    allow: SIGNED_IN,
    body: () => ({ currentPassword: 'test-password-1', newPassword: 'another-password-9' }),
  },
  'GET /api/me': { allow: SIGNED_IN },
  // Granting a staff role is the center's alone; community staff may only create volunteers and merchants.
  'POST /api/users': {
    allow: CENTER,
    body: (w) => ({
      name: '新工作人员',
      phone: '13811112222',
      password: 'new-password-1',
      roles: [{ role: 'community_staff', communityId: w.a }],
    }),
  },
  // Community staff add volunteer roles in their own community to an existing account; the center any role.
  'POST /api/users/{id}/roles': {
    allow: STAFF_A,
    params: id((w) => w.x.userId),
    body: (w) => ({ roles: [{ role: 'volunteer', communityId: w.a }] }),
  },
  'GET /api/users': { allow: STAFF },
  // Managing an account needs the right to grant every role it holds: A's volunteer is A's staff's and the center's.
  'PATCH /api/users/{id}': { allow: STAFF_A, params: id((w) => w.volunteer2), body: () => ({ name: '改名' }) },
  'POST /api/users/{id}/disable': { allow: STAFF_A, params: id((w) => w.volunteer2) },
  'POST /api/users/{id}/enable': { allow: STAFF_A, params: id((w) => w.volunteer2) },
  'POST /api/users/{id}/reset-password': { allow: STAFF_A, params: id((w) => w.volunteer2) },
  // communities
  'GET /api/public/center': { allow: PUBLIC },
  'GET /api/public/communities': { allow: PUBLIC },
  'PATCH /api/center': { allow: CENTER, body: () => ({ name: '新的中心名称' }) },
  'POST /api/communities': { allow: CENTER, body: () => ({ name: '新社区' }) },
  'GET /api/holidays': { allow: STAFF, query: () => ({ year: '2027' }) },
  'POST /api/holidays': {
    allow: CENTER,
    body: () => ({ entries: [{ date: '2027-01-01', kind: 'off', name: '元旦' }] }),
  },
  'DELETE /api/holidays/{date}': { allow: CENTER, params: () => ({ date: '2027-01-01' }) },
  'GET /api/communities/{id}/venues': { allow: STAFF_A, params: id((w) => w.a) },
  'POST /api/communities/{id}/venues': { allow: STAFF_A, params: id((w) => w.a), body: () => ({ name: '新场地' }) },
  'PATCH /api/communities/{id}': { allow: CENTER, params: id((w) => w.a), body: () => ({ name: '改名社区' }) },
  'POST /api/communities/{id}/archive': { allow: CENTER, params: id((w) => w.a) },
  'PATCH /api/venues/{id}': { allow: STAFF_A, params: id((w) => w.venue), body: () => ({ name: '改名场地' }) },
  'POST /api/venues/{id}/archive': { allow: STAFF_A, params: id((w) => w.venue) },
  'POST /api/venues/{id}/unarchive': { allow: STAFF_A, params: id((w) => w.venue) },
  'GET /api/communities/archived': { allow: CENTER },
  'POST /api/communities/{id}/unarchive': { allow: CENTER, params: id((w) => w.a) },
  // setup
  'GET /api/setup/status': { allow: CENTER },
  // residents
  'POST /api/residents': {
    allow: STAFF_A,
    body: (w) => ({ name: '新居民', communityId: w.a, birthDate: '1950-01-01' }),
  },
  'GET /api/residents': { allow: STAFF },
  'GET /api/residents/by-code/{memberCode}': { allow: STAFF_A, params: (w) => ({ memberCode: w.x.memberCode }) },
  'GET /api/residents/{id}': { allow: OWNER_X, params: id((w) => w.x.id) },
  'GET /api/residents/{id}/card': { allow: OWNER_X, params: id((w) => w.x.id) },
  'PATCH /api/residents/{id}': { allow: STAFF_A, params: id((w) => w.x.id), body: () => ({ name: '改名' }) },
  'POST /api/residents/{id}/archive': {
    allow: STAFF_A,
    params: id((w) => w.x.id),
    body: () => ({ reason: 'moved', date: '2026-11-27' }),
  },
  'POST /api/residents/{id}/unarchive': { allow: CENTER, params: id((w) => w.x.id) },
  'POST /api/residents/{id}/password': {
    allow: STAFF_A,
    params: id((w) => w.x.id),
    body: () => ({ password: 'another-password-9' }),
  },
  // merchants
  'GET /api/merchants': { allow: STAFF },
  'POST /api/merchants': {
    allow: STAFF_A,
    body: (w) => ({ name: '新商户', communityId: w.a, address: '新路1号', category: '餐饮' }),
  },
  'GET /api/merchants/{id}': { allow: MERCHANT_A, params: id((w) => w.merchant) },
  'PATCH /api/merchants/{id}': { allow: STAFF_A, params: id((w) => w.merchant), body: () => ({ name: '改名商户' }) },
  'GET /api/public/merchants': { allow: PUBLIC },
  'GET /api/public/merchants/{id}': { allow: PUBLIC, params: id((w) => w.merchant) },
  // The stars and the sentence that explains them are what the public merchant page shows.
  'GET /api/merchants/{id}/rating': { allow: PUBLIC, params: id((w) => w.merchant) },
  'GET /api/merchants/{id}/rating/history': { allow: MERCHANT_A, params: id((w) => w.merchant) },
  'POST /api/merchants/{id}/contributions': {
    allow: STAFF_A,
    params: id((w) => w.merchant),
    body: () => ({ kind: 'sponsorship', description: '赞助', quality: 4, occurredAt: '2026-11-20T02:00:00.000Z' }),
  },
  'GET /api/merchants/{id}/contributions': { allow: MERCHANT_A, params: id((w) => w.merchant) },
  'PATCH /api/merchant-contributions/{id}': {
    allow: STAFF_A,
    params: id((w) => w.contribution),
    body: () => ({ quality: 5 }),
  },
  'POST /api/merchants/{id}/requests': {
    allow: ['merchantA'],
    params: id((w) => w.merchant),
    body: () => ({ title: '门口积水', description: '下雨积水' }),
  },
  'GET /api/merchants/{id}/requests': { allow: MERCHANT_A, params: id((w) => w.merchant) },
  'GET /api/merchant-requests': { allow: STAFF },
  'PATCH /api/merchant-requests/{id}': {
    allow: STAFF_A,
    params: id((w) => w.merchantRequest),
    body: () => ({ status: 'in_progress' }),
  },
  // audit
  'GET /api/audit': { allow: CENTER },
  // points
  'GET /api/public/points-rules': { allow: PUBLIC, query: inA },
  'GET /api/public/points-rules/history': { allow: PUBLIC, query: inA },
  'POST /api/points-rules': {
    allow: STAFF_A,
    body: (w) => ({ communityId: w.a, rules: [{ code: 'NEW', name: '新规则', category: '志愿', points: 5 }] }),
  },
  'GET /api/points/rules/template': { allow: STAFF },
  'PUT /api/points/rules/template': {
    allow: CENTER,
    body: () => ({ rules: [{ name: '模板规则', category: '志愿', points: 2 }] }),
  },
  'POST /api/points/rules/copy': { allow: STAFF_A, body: (w) => ({ fromTemplate: true, toCommunityId: w.a }) },
  'POST /api/points/awards': { allow: STAFF_A, body: (w) => ({ residentId: w.x.id, ruleId: w.rule }) },
  'POST /api/points/adjustments': {
    allow: STAFF_A,
    body: (w) => ({ residentId: w.x.id, delta: 500, reason: '安全测试' }),
  },
  'GET /api/points/adjustments': { allow: STAFF },
  'POST /api/points/adjustments/{id}/approve': { allow: STAFF_A, params: id((w) => w.adjustment) },
  'POST /api/points/adjustments/{id}/reject': { allow: STAFF_A, params: id((w) => w.adjustment) },
  'POST /api/points/entries/{id}/reverse': { allow: STAFF_A, params: id((w) => w.entry), body: reason },
  'GET /api/residents/{id}/points': { allow: OWNER_X, params: id((w) => w.x.id) },
  'GET /api/public/leaderboard': { allow: PUBLIC, query: inA },
  'GET /api/public/leaderboard/window': { allow: PUBLIC, query: inA },
  'GET /api/points/integrity': { allow: CENTER },
  'GET /api/points/integrity/last': { allow: CENTER },
  // shop
  'GET /api/public/shop/items': { allow: PUBLIC },
  'GET /api/public/shop/items/{id}': { allow: PUBLIC, params: id((w) => w.item) },
  'GET /api/public/shop/donors': { allow: PUBLIC, query: inA },
  'GET /api/shop/items': { allow: STAFF },
  'POST /api/shop/items': { allow: STAFF_A, body: (w) => ({ communityId: w.a, name: '新物品', pointsPrice: 5 }) },
  'PATCH /api/shop/items/{id}': { allow: STAFF_A, params: id((w) => w.item), body: () => ({ status: 'paused' }) },
  'POST /api/shop/donations': { allow: STAFF_A, body: (w) => ({ itemId: w.item, quantity: 3, donorName: '爱心人士' }) },
  'POST /api/shop/items/{id}/stock-adjustments': {
    allow: STAFF_A,
    params: id((w) => w.item),
    body: () => ({ delta: -1, reason: '安全测试' }),
  },
  'GET /api/shop/items/{id}/movements': { allow: STAFF_A, params: id((w) => w.item) },
  'GET /api/shop/items/{id}/label': { allow: STAFF_A, params: id((w) => w.item) },
  'POST /api/shop/redemptions': {
    allow: STAFF_A,
    body: (w) => ({ residentId: w.x.id, lines: [{ itemId: w.item, quantity: 1 }] }),
  },
  'GET /api/shop/redemptions/{id}': { allow: OWNER_X, params: id((w) => w.redemption) },
  // vouchers
  'POST /api/vouchers/offers': {
    allow: MERCHANT_A,
    body: (w) => ({
      merchantId: w.merchant,
      title: '新代金券',
      faceValueFen: 500,
      pointsCost: 5,
      quantity: 10,
      validUntil: later,
      perResidentLimit: 1,
    }),
  },
  'GET /api/public/vouchers/offers': { allow: PUBLIC },
  'POST /api/vouchers/claims': { allow: OWNER_X, body: (w) => ({ offerId: w.offer, residentId: w.x.id }) },
  'GET /api/vouchers/mine': { allow: SIGNED_IN },
  // Honouring is for the issuing merchant's account only (not even staff: the merchant gives the discount).
  'POST /api/vouchers/redeem': { allow: ['merchantA'], body: (w) => ({ code: w.voucherCode }) },
  'GET /api/merchants/{id}/voucher-offers': { allow: MERCHANT_A, params: id((w) => w.merchant) },
  'GET /api/merchants/{id}/voucher-statement': {
    allow: MERCHANT_A,
    params: id((w) => w.merchant),
    query: () => ({ month: '2026-11' }),
  },
  // notifications (each actor's own)
  'GET /api/notifications': { allow: SIGNED_IN },
  'POST /api/notifications/read': { allow: SIGNED_IN, body: () => ({}) },
  // activities
  'GET /api/public/activity-categories': { allow: PUBLIC },
  'POST /api/activity-categories': { allow: CENTER, body: () => ({ name: '新类别' }) },
  // Staff pick partners when planning; the public sees them only as named on menus and results.
  'GET /api/partners': { allow: STAFF },
  'POST /api/partners': { allow: CENTER, body: () => ({ kind: 'unit', name: '新共建单位' }) },
  // A partner of community A: its staff and the center edit it; county-wide ones are the center's.
  'GET /api/partners/{id}': { allow: STAFF_A, params: id((w) => w.partner) },
  'PATCH /api/partners/{id}': {
    allow: STAFF_A,
    params: id((w) => w.partner),
    body: () => ({ contactPerson: '王主任' }),
  },
  'POST /api/partners/{id}/archive': { allow: STAFF_A, params: id((w) => w.partner) },
  'POST /api/partners/{id}/unarchive': { allow: STAFF_A, params: id((w) => w.partner) },
  'POST /api/activities': {
    allow: STAFF_A,
    body: (w) => ({
      communityId: w.a,
      title: '新活动',
      category: '健康讲座',
      place: '活动室',
      startsAt: '2026-12-10T01:00:00.000Z',
      endsAt: '2026-12-10T03:00:00.000Z',
    }),
  },
  'GET /api/activities': { allow: STAFF },
  'GET /api/activities/{id}': { allow: STAFF_A, params: id((w) => w.activity.id) },
  'PATCH /api/activities/{id}': {
    allow: STAFF_A,
    params: id((w) => w.draft),
    body: () => ({ title: '改名活动' }),
  },
  'POST /api/activities/{id}/submit': { allow: STAFF_A, params: id((w) => w.draft) },
  'POST /api/activities/{id}/approve': { allow: CENTER, params: id((w) => w.submitted) },
  'POST /api/activities/{id}/copy-next-week': { allow: STAFF_A, params: id((w) => w.draft) },
  'POST /api/activities/from-last-week': { allow: STAFF_A, body: (w) => ({ communityId: w.a, week: w.week }) },
  'POST /api/activities/{id}/return': { allow: CENTER, params: id((w) => w.submitted), body: reason },
  'POST /api/activities/{id}/publish': { allow: CENTER, params: id((w) => w.submitted) },
  'POST /api/activities/{id}/cancel': { allow: STAFF_A, params: id((w) => w.activity.id), body: reason },
  'GET /api/public/activities/{id}': { allow: PUBLIC, params: id((w) => w.activity.id) },
  'GET /api/public/activities': { allow: PUBLIC },
  'POST /api/activities/{id}/registrations': {
    allow: OWNER_X,
    params: id((w) => w.activity2.id),
    body: (w) => ({ residentId: w.x.id }),
  },
  'GET /api/activities/{id}/registrations': { allow: STAFF_A, params: id((w) => w.activity.id) },
  'DELETE /api/activities/{id}/registrations/{registrationId}': {
    allow: OWNER_X,
    params: (w) => ({ id: w.activity.id, registrationId: w.registration }),
  },
  'GET /api/me/activities': { allow: SIGNED_IN },
  'GET /api/activities/{id}/checkin-code': { allow: STAFF_A, params: id((w) => w.activity.id) },
  // Checking someone in by card is the desk's; a resident checks in only with the code on the screen.
  'POST /api/activities/{id}/checkins': {
    allow: STAFF_A,
    params: id((w) => w.activity.id),
    body: (w) => ({ residentId: w.x.id }),
  },
  // calls (待电话通知): each desk phones its own residents; the center all
  'GET /api/call-lists': { allow: STAFF },
  'GET /api/call-lists/{id}': { allow: STAFF_A, params: id((w) => w.callList) },
  'POST /api/call-lists/{id}/entries/{entryId}/outcome': {
    allow: STAFF_A,
    params: (w) => ({ id: w.callList, entryId: w.callEntry }),
    body: () => ({ outcome: 'told' }),
  },
  // menus
  'GET /api/menus/current': { allow: PUBLIC },
  'GET /api/menus/{week}/submissions': { allow: CENTER, params: (w) => ({ week: w.week }) },
  'GET /api/menus/{week}/clashes': { allow: CENTER, params: (w) => ({ week: w.week }) },
  'POST /api/menus/{week}/publish': { allow: CENTER, params: (w) => ({ week: w.week }) },
  'GET /api/menus/settings': { allow: CENTER },
  'POST /api/menus/{week}/approve': { allow: CENTER, params: (w) => ({ week: w.week }) },
  'PUT /api/menus/settings': {
    allow: CENTER,
    body: () => ({ deadline: { weekday: 5, time: '12:00' }, checkinOpensMinutesBefore: 30 }),
  },
  'GET /api/public/menus/{week}': { allow: PUBLIC, params: (w) => ({ week: w.week }) },
  'GET /api/public/menus/{week}/article': { allow: PUBLIC, params: (w) => ({ week: w.week }) },
  'GET /api/public/menus/{week}/calendar.ics': { allow: PUBLIC, params: (w) => ({ week: w.week }) },
  'GET /api/public/calendar.ics': { allow: PUBLIC },
  // services
  'POST /api/services': {
    allow: STAFF_A,
    body: (w) => ({
      name: '新服务',
      communityId: w.a,
      priceFen: 100,
      schedule: { daysOfMonth: [8], sessions: [{ period: '上午', start: '08:30', end: '11:30', capacity: 5 }] },
      holidayPolicy: 'skip',
      eligibility: { minAge: 60, scope: 'community' },
      bookingOpensDaysAhead: 7,
      bookingOpensAt: '08:00',
      volunteersPerSession: 0,
      monthlyLimit: null,
    }),
  },
  'GET /api/services': { allow: STAFF },
  'PATCH /api/services/{id}': { allow: STAFF_A, params: id((w) => w.service), body: () => ({ priceFen: 200 }) },
  'POST /api/services/{id}/preview': {
    allow: STAFF_A,
    params: id((w) => w.service),
    body: () => ({ priceFen: 200 }),
  },
  'GET /api/public/services': { allow: PUBLIC },
  'GET /api/public/services/{id}/sessions': { allow: PUBLIC, params: id((w) => w.service) },
  'GET /api/services/{id}/my-usage': { allow: SIGNED_IN, params: id((w) => w.service) },
  'POST /api/service-sessions/{id}/cancel': { allow: STAFF_A, params: id((w) => w.session), body: reason },
  'POST /api/sessions/{id}/cancel': { allow: STAFF_A, params: id((w) => w.session), body: reason },
  'POST /api/service-sessions/{id}/complete': {
    allow: STAFF_A,
    params: id((w) => w.session),
    body: (w) => ({ ruleId: w.rule }),
  },
  'GET /api/services/{id}/cash': {
    allow: STAFF_A,
    params: id((w) => w.service),
    query: () => ({ date: '2026-12-03' }),
  },
  // Residents book for themselves; the desk and the service's volunteers book for them.
  'POST /api/bookings': {
    allow: ['residentX', ...QUEUE],
    body: (w) => ({ sessionId: w.session2, residentId: w.x.id }),
  },
  'DELETE /api/bookings/{id}': { allow: ['residentX', ...QUEUE], params: id((w) => w.booking) },
  'GET /api/me/bookings': { allow: SIGNED_IN },
  'GET /api/service-sessions/{id}/queue': { allow: QUEUE, params: id((w) => w.session) },
  'GET /api/sessions/{id}/queue': { allow: QUEUE, params: id((w) => w.session) },
  'POST /api/service-sessions/{id}/queue/next': { allow: QUEUE, params: id((w) => w.session) },
  'POST /api/sessions/{id}/queue/next': { allow: QUEUE, params: id((w) => w.session) },
  'POST /api/bookings/{id}/away': { allow: QUEUE, params: id((w) => w.booking) },
  'POST /api/bookings/{id}/back': { allow: QUEUE, params: id((w) => w.booking) },
  'POST /api/bookings/{id}/no-show': { allow: QUEUE, params: id((w) => w.booking) },
  // The resident waiting may take the clinic number themself, as they may book for themself.
  'POST /api/bookings/{id}/companion': {
    allow: ['residentX', ...QUEUE],
    params: id((w) => w.booking),
    body: (w) => ({ sessionId: w.clinicSession }),
  },
  'POST /api/bookings/{id}/attend': { allow: QUEUE, params: id((w) => w.booking), body: () => ({ feePaidFen: 100 }) },
  'GET /api/public/service-sessions/{id}/display': { allow: PUBLIC, params: id((w) => w.session) },
  'GET /api/public/sessions/{id}/display': { allow: PUBLIC, params: id((w) => w.session) },
  'GET /api/services/{id}/volunteers': { allow: QUEUE, params: id((w) => w.service) },
  'POST /api/services/{id}/volunteers': {
    allow: STAFF_A,
    params: id((w) => w.service),
    body: (w) => ({ userId: w.volunteer3 }),
  },
  // A volunteer's own marks (staff plan with the roster and its gaps, not with these).
  'GET /api/services/{id}/availability': {
    allow: ['volunteerA'],
    params: id((w) => w.service),
    query: () => ({ month: '2026-12' }),
  },
  'PUT /api/services/{id}/availability': {
    allow: ['volunteerA'],
    params: id((w) => w.service),
    body: (w) => ({ month: '2026-12', unavailableSessionIds: [w.session] }),
  },
  'POST /api/services/{id}/roster/generate': {
    allow: STAFF_A,
    params: id((w) => w.service),
    body: () => ({ month: '2026-12' }),
  },
  'GET /api/services/{id}/roster': { allow: QUEUE, params: id((w) => w.service), query: () => ({ month: '2026-12' }) },
  'GET /api/roster/gaps': { allow: STAFF },
  'GET /api/me/shifts': { allow: SIGNED_IN },
  'GET /api/me/swaps': { allow: SIGNED_IN },
  // Only the volunteer on the shift offers it; only the colleague asked answers.
  'POST /api/roster/swaps': {
    allow: ['volunteerA'],
    body: (w) => ({ assignmentId: w.shiftToSwap, toUserId: w.volunteer2 }),
  },
  'POST /api/roster/swaps/{id}/accept': { allow: ['volunteerA'], params: id((w) => w.swapToA) },
  'POST /api/roster/swaps/{id}/decline': { allow: ['volunteerA'], params: id((w) => w.swapToA) },
  'POST /api/roster/assignments/{id}/drop': { allow: ['volunteerA'], params: id((w) => w.shiftToDrop), body: reason },
  'POST /api/roster/drops/{id}/approve': { allow: STAFF_A, params: id((w) => w.drop) },
  'POST /api/roster/drops/{id}/reject': { allow: STAFF_A, params: id((w) => w.drop) },
  // needs: residents order for their own community; support once each
  'POST /api/needs': {
    allow: RESIDENTS_OF_A,
    body: (w) => ({ communityId: w.a, category: '健康', text: '想听健康讲座' }),
  },
  'GET /api/needs': { allow: STAFF },
  'POST /api/needs/{id}/support': { allow: RESIDENTS_OF_A, params: id((w) => w.need) },
  // 代点单: only the resident's own desk (and the center) speak for them
  'POST /api/needs/on-behalf': {
    allow: STAFF_A,
    body: (w) => ({ residentId: w.x.id, category: '健康', text: '想听健康讲座' }),
  },
  'POST /api/needs/{id}/support/on-behalf': {
    allow: STAFF_A,
    params: id((w) => w.need),
    body: (w) => ({ residentId: w.x.id }),
  },
  'GET /api/public/needs': { allow: PUBLIC },
  // publicity
  'GET /uploads/photos/{name}': { allow: PUBLIC },
  'POST /api/activities/{id}/result': {
    allow: STAFF_A,
    params: id((w) => w.pastActivity.id),
    body: () => ({ summary: '活动顺利' }),
  },
  // Feedback is for those who took part (checked in).
  'POST /api/activities/{id}/feedback': {
    allow: ['residentX'],
    params: id((w) => w.pastActivity.id),
    body: () => ({ stars: 5 }),
  },
  'GET /api/public/results': { allow: PUBLIC },
  'GET /api/public/activities/{id}/result': { allow: PUBLIC, params: id((w) => w.pastActivity.id) },
  'POST /api/photos': { allow: STAFF },
  'GET /api/stats/dashboard': {
    allow: STAFF_A,
    query: (w) => ({ from: '2026-11-01', to: '2026-11-30', communityId: String(w.a) }),
  },
  'GET /api/stats/period': {
    allow: STAFF_A,
    query: (w) => ({ from: '2026-11-01', to: '2026-11-30', communityId: String(w.a) }),
  },
  // exports (导出): the same scope as the list each mirrors
  'GET /api/residents/export': { allow: STAFF },
  'GET /api/residents/{id}/points/export': { allow: OWNER_X, params: id((w) => w.x.id) },
  'GET /api/points/ledger/export': {
    allow: STAFF_A,
    query: (w) => ({ ...inA(w), from: '2026-11-01', to: '2026-11-30' }),
  },
  'GET /api/shop/items/{id}/movements/export': { allow: STAFF_A, params: id((w) => w.item) },
  'GET /api/activities/{id}/registrations/export': { allow: STAFF_A, params: id((w) => w.activity.id) },
  'GET /api/service-sessions/{id}/bookings/export': { allow: STAFF_A, params: id((w) => w.session) },
  'GET /api/merchants/{id}/contributions/export': { allow: MERCHANT_A, params: id((w) => w.merchant) },
  'GET /api/merchants/{id}/voucher-statement/export': {
    allow: MERCHANT_A,
    params: id((w) => w.merchant),
    query: () => ({ month: '2026-11' }),
  },
  // hours (志愿服务时长): staff of the volunteer's community and the center; the resident their own
  'GET /api/activities/{id}/checkout-code': { allow: STAFF_A, params: id((w) => w.volunteerActivity) },
  // Staff mark check-out for a person; a resident checks out only with the code on the screen.
  'POST /api/activities/{id}/checkouts': {
    allow: STAFF_A,
    params: id((w) => w.volunteerActivity),
    body: (w) => ({ residentId: w.x.id }),
  },
  // a volunteer login without a resident record sees the shifts it served
  'GET /api/me/volunteer-hours': { allow: ['residentX', 'residentY', 'residentB', 'volunteerA', 'volunteerA2'] },
  'GET /api/volunteer-hours': {
    allow: STAFF_A,
    query: (w) => ({ from: '2026-12-01', to: '2026-12-31', communityId: String(w.a) }),
  },
  'GET /api/volunteer-hours/export': {
    allow: STAFF_A,
    query: (w) => ({ from: '2026-12-01', to: '2026-12-31', communityId: String(w.a) }),
  },
  'GET /api/volunteer-hours/residents/{residentId}': {
    allow: STAFF_A,
    params: (w) => ({ residentId: w.x.id }),
    query: () => ({ from: '2026-12-01', to: '2026-12-31' }),
  },
  'POST /api/volunteer-hours/corrections': {
    allow: STAFF_A,
    body: (w) => ({ source: 'activity', sourceId: w.volunteerCheckin, minutes: 30, reason: '安全测试', version: 0 }),
  },
  // a volunteer of A without a resident record (by the login): A's staff and the center
  'GET /api/volunteer-hours/users/{userId}': {
    allow: STAFF_A,
    params: (w) => ({ userId: w.volunteerUser }),
    query: () => ({ from: '2026-12-01', to: '2026-12-31' }),
  },
  // reports (月报、周报): a community's for its staff and the center; the county's (no communityId) the center's alone
  'GET /api/reports/{kind}/{period}': {
    allow: STAFF_A,
    params: () => ({ kind: 'month', period: '2026-11' }),
    query: inA,
  },
  'POST /api/reports/{kind}/{period}/regenerate': {
    allow: STAFF_A,
    params: () => ({ kind: 'month', period: '2026-10' }),
    query: inA,
  },
  'GET /api/reports/{kind}/{period}/charts/{chart}': {
    allow: STAFF_A,
    params: () => ({ kind: 'month', period: '2026-11', chart: 'categories' }),
    query: inA,
  },
  'GET /api/reports/{kind}/{period}/workbook': {
    allow: STAFF_A,
    params: () => ({ kind: 'month', period: '2026-11' }),
    query: inA,
  },
  'GET /api/reports/{kind}/{period}/article': {
    allow: STAFF_A,
    params: () => ({ kind: 'month', period: '2026-11' }),
    query: inA,
  },
  // imports (导入): staff; uploads are multipart, so a JSON probe is a 415 for those allowed
  'GET /api/imports/residents/template': { allow: STAFF },
  'GET /api/imports/opening/template': { allow: STAFF },
  'POST /api/imports/residents/check': { allow: STAFF },
  'POST /api/imports/residents': { allow: STAFF },
  'POST /api/imports/opening/check': { allow: STAFF },
  'POST /api/imports/opening': { allow: STAFF },
  'GET /api/opening-batches': { allow: STAFF },
  // A's batch: decided (and read) by staff serving every community in it; the uploader may not approve it
  'GET /api/opening-batches/{id}': { allow: STAFF_A, params: id((w) => w.openingBatch) },
  'POST /api/opening-batches/{id}/approve': { allow: STAFF_A, params: id((w) => w.openingBatch) },
  'POST /api/opening-batches/{id}/reject': { allow: STAFF_A, params: id((w) => w.openingBatch), body: reason },
  // the card sheet: staff, their own communities' residents only
  'GET /api/residents/cards': { allow: STAFF, query: () => ({ since: '2026-01-01' }) },
};

let t: TestApp;
let w: World;
let cookies: Record<ActorName, string | undefined>;

async function userIdOfResident(residentId: number) {
  const row = await t.db.selectFrom('residents').select('user_id').where('id', '=', residentId).executeTakeFirst();
  return row!.user_id!;
}

/** A request that must succeed (building the world through the real API). */
async function ok<T = Record<string, unknown>>(
  cookie: string | undefined,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
): Promise<T> {
  const response = await t.app.inject({
    method,
    url,
    headers: cookie ? { cookie } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.body ? (response.json() as T) : (undefined as T);
}

async function buildWorld() {
  const d = t.deps;
  const a = (await buildCommunity(d, '甲社区')).id;
  const b = (await buildCommunity(d, '乙社区')).id;
  const center = await buildCenterAdmin(d);
  const staffA = await buildStaff(d, a);
  const venue = (
    await createVenue({ deps: d, actor: await actorOf(d, staffA), communityId: a, data: { name: '甲社区活动室' } })
  ).id;
  const staffB = await buildStaff(d, b);
  const merchant = (await buildMerchant(d, a)).id;
  const merchantUser = await buildUser(d, [{ role: 'merchant', merchantId: merchant }]);
  const volunteerA = await buildUser(d, [{ role: 'volunteer', communityId: a }]);
  const volunteer2 = await buildUser(d, [{ role: 'volunteer', communityId: a }]);
  const volunteer3 = await buildUser(d, [{ role: 'volunteer', communityId: a }]);
  const otherShop = await buildUser(d, [{ role: 'merchant', merchantId: (await buildMerchant(d, a)).id }]);
  const xRes = await buildResident(d, {
    communityId: a,
    name: '甲居民郑秀兰',
    withLogin: true,
    birthDate: '1950-03-01',
  });
  const yRes = await buildResident(d, { communityId: a, withLogin: true, birthDate: '1951-04-02' });
  const x = {
    id: xRes.id,
    name: '甲居民郑秀兰',
    phone: xRes.phone!,
    userId: await userIdOfResident(xRes.id),
    memberCode: (
      await t.db.selectFrom('residents').select('member_code').where('id', '=', xRes.id).executeTakeFirstOrThrow()
    ).member_code,
  };
  const yUserId = await userIdOfResident(yRes.id);
  const bRes = await buildResident(d, { communityId: b, withLogin: true, birthDate: '1949-05-06' });

  const c: Record<ActorName, string | undefined> = {
    anonymous: undefined,
    residentX: await quickCookie(t, x.userId),
    residentY: await quickCookie(t, yUserId),
    residentB: await quickCookie(t, await userIdOfResident(bRes.id)),
    merchantA: await quickCookie(t, merchantUser.id),
    merchantA2: await quickCookie(t, otherShop.id),
    volunteerA: await quickCookie(t, volunteerA.id),
    volunteerA2: await quickCookie(t, volunteer3.id),
    staffB: await quickCookie(t, staffB.id),
    staffA: await quickCookie(t, staffA.id),
    center: await quickCookie(t, center.id),
  };
  const volunteer2Cookie = await quickCookie(t, volunteer2.id);

  // points: a rule, 200 points for X (one ledger entry), a pending adjustment
  const rule = (await buildPointsRules(d, a, [{ code: 'VOL', name: '志愿服务', category: '志愿', points: 5 }])).VOL;
  await fundResident(d, x.id, 200);
  const statement = await ok<{ entries: { id: number }[] }>(c.center, 'GET', `/api/residents/${x.id}/points`);
  const entry = statement.entries[0]!.id;
  const adjustment = (
    await ok<{ id: number }>(c.staffA, 'POST', '/api/points/adjustments', {
      residentId: x.id,
      delta: 3,
      reason: '待审核',
    })
  ).id;

  // shop: an item with stock (donated by a merchant: an automatic contribution), a redemption of X's
  const item = (await buildShopItem(d, a, { stock: 5, pointsPrice: 10 })).id;
  const redemption = (
    await ok<{ id: number }>(c.staffA, 'POST', '/api/shop/redemptions', {
      residentId: x.id,
      lines: [{ itemId: item, quantity: 1 }],
    })
  ).id;
  const contribution = (
    await ok<{ id: number }>(c.staffA, 'POST', `/api/merchants/${merchant}/contributions`, {
      kind: 'booth',
      description: '摆摊',
      quality: 3,
      occurredAt: '2026-11-10T02:00:00.000Z',
    })
  ).id;
  const merchantRequest = (
    await ok<{ id: number }>(c.merchantA, 'POST', `/api/merchants/${merchant}/requests`, {
      title: '路灯坏了',
      description: '店门口路灯坏了',
    })
  ).id;

  // vouchers: merchant A's offer, one voucher of X's
  const offer = (
    await ok<{ id: number }>(c.merchantA, 'POST', '/api/vouchers/offers', {
      merchantId: merchant,
      title: '理发券',
      faceValueFen: 500,
      pointsCost: 10,
      quantity: 20,
      validUntil: later,
      perResidentLimit: 5,
    })
  ).id;
  const voucherCode = (await ok<{ code: string }>(c.residentX, 'POST', '/api/vouchers/claims', { offerId: offer }))
    .code;

  // activities: a published one X registered for, another one to register for, a past one X attended,
  // a draft and a submitted one for the weekly cycle
  const activity = await buildActivity(d, { communityId: a, capacity: 10 });
  const activity2 = await buildActivity(d, { communityId: a, capacity: 10 });
  const registration = (
    await ok<{ id: number }>(c.residentX, 'POST', `/api/activities/${activity.id}/registrations`, {})
  ).id;
  const pastActivity = await buildActivity(d, {
    communityId: a,
    startsAt: '2026-11-25T01:00:00.000Z',
    endsAt: '2026-11-25T03:00:00.000Z',
  });
  await buildCheckin(d, { activityId: pastActivity.id, residentId: x.id });
  const draft = (await buildActivity(d, { communityId: a, status: 'draft', startsAt: '2026-12-16T01:00:00.000Z' })).id;
  const submitted = (
    await buildActivity(d, { communityId: a, status: 'submitted', startsAt: '2026-12-17T01:00:00.000Z' })
  ).id;
  await ok(c.staffA, 'POST', `/api/activities/${pastActivity.id}/result`, { summary: '讲座顺利' });
  const week = weekOfInstant(new Date(activity.startsAt));
  await ok(c.center, 'POST', `/api/menus/${week}/publish`);
  const need = (await buildNeed(d, { communityId: a, residentId: x.id })).id;

  // services: the barber service with a pool of three volunteers and a rota, the clinic beside it,
  // X's booking in the first December session
  const barberSchedule = {
    daysOfMonth: [3, 5, 15, 25],
    sessions: [
      { period: '上午', start: '08:30', end: '11:30', capacity: 25 },
      { period: '下午', start: '14:30', end: '17:00', capacity: 25 },
    ],
  };
  const barber = await buildService(d, {
    communityId: a,
    volunteersPerSession: 1,
    schedule: barberSchedule,
  });
  // the clinic runs at the same times as the barber, so X waiting at the barber can take a number there
  const clinic = await buildService(d, { communityId: a, name: '健康小屋', schedule: barberSchedule });
  const sessionsOf = async (serviceId: number) =>
    (await ok<{ id: number }[]>(undefined, 'GET', `/api/public/services/${serviceId}/sessions`)).map((s) => s.id);
  const [session, session2] = await sessionsOf(barber.id);
  const [clinicSession] = await sessionsOf(clinic.id);
  for (const volunteer of [volunteerA, volunteer2])
    await ok(c.staffA, 'POST', `/api/services/${barber.id}/volunteers`, { userId: volunteer.id });
  const booking = (
    await ok<{ id: number }>(c.residentX, 'POST', '/api/bookings', { sessionId: session, residentId: x.id })
  ).id;
  const roster = await ok<{ sessions: { assigned: { assignmentId: number; userId: number }[] }[] }>(
    c.staffA,
    'POST',
    `/api/services/${barber.id}/roster/generate`,
    { month: '2026-12' },
  );
  const shiftsOf = (userId: number) =>
    roster.sessions.flatMap((s) => s.assigned.filter((x) => x.userId === userId).map((x) => x.assignmentId));
  const [shiftToSwap, shiftToDrop, shiftDropped] = shiftsOf(volunteerA.id);
  const [shiftOf2] = shiftsOf(volunteer2.id);
  const swapToA = (
    await ok<{ id: number }>(volunteer2Cookie, 'POST', '/api/roster/swaps', {
      assignmentId: shiftOf2,
      toUserId: volunteerA.id,
    })
  ).id;
  const drop = (
    await ok<{ id: number }>(c.volunteerA, 'POST', `/api/roster/assignments/${shiftDropped}/drop`, reason())
  ).id;

  // a cancelled activity X had registered for: its call list (待电话通知) holds X
  const cancelled = await buildActivity(d, { communityId: a, capacity: 10 });
  await ok(c.residentX, 'POST', `/api/activities/${cancelled.id}/registrations`, {});
  const callList = (
    await ok<{ callList: { id: number } }>(c.staffA, 'POST', `/api/activities/${cancelled.id}/cancel`, reason())
  ).callList.id;
  const callEntry = (await ok<{ entries: { id: number }[] }>(c.staffA, 'GET', `/api/call-lists/${callList}`))
    .entries[0]!.id;
  const partner = (
    await ok<{ id: number }>(c.staffA, 'POST', '/api/partners', {
      kind: 'unit',
      name: '甲社区共建单位',
      communityId: a,
    })
  ).id;
  // an opening-balance batch (期初积分) of A, uploaded by A's staff, waiting for a second person
  const yCode = await d.db
    .selectFrom('residents')
    .select('member_code')
    .where('id', '=', yRes.id)
    .executeTakeFirstOrThrow();
  const openingBatch = await submitOpeningBatch({
    deps: d,
    actor: await actorOf(d, staffA),
    rows: [
      { row: 2, cells: { memberCode: yCode.member_code, idNumber: '', phone: '', name: '', points: '10', note: '' } },
    ],
  });

  // hours: a volunteer activity X checked in at (its check-out code, a correction of X's entry)
  const volunteerActivity = (await buildActivity(d, { communityId: a, volunteerService: true })).id;
  const volunteerCheckin = (await buildCheckin(d, { activityId: volunteerActivity, residentId: x.id })).id;

  cookies = c;
  return {
    volunteerActivity,
    volunteerCheckin,
    volunteerUser: volunteerA.id,
    openingBatch,
    callList,
    callEntry,
    a,
    b,
    x,
    merchant,
    rule,
    entry,
    adjustment,
    item,
    redemption,
    contribution,
    merchantRequest,
    offer,
    voucherCode,
    activity,
    activity2,
    registration,
    pastActivity,
    draft,
    submitted,
    week,
    need,
    service: barber.id,
    session: session!,
    session2: session2!,
    clinicSession: clinicSession!,
    booking,
    volunteer2: volunteer2.id,
    volunteer3: volunteer3.id,
    venue,
    partner,
    shiftToSwap: shiftToSwap!,
    shiftToDrop: shiftToDrop!,
    swapToA,
    drop,
  };
}

async function unchanged(before: string, what: string, failures: string[]): Promise<string> {
  const after = await databaseFingerprint(t.deps);
  if (after !== before) failures.push(`${what}: changed the database`);
  return after;
}

function urlOf(path: string, access: Access): string {
  const params = access.params?.(w) ?? {};
  const filled = path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${path}: no value declared for {${name}}`);
    return encodeURIComponent(String(value));
  });
  const query = access.query?.(w);
  return query ? `${filled}?${new URLSearchParams(query).toString()}` : filled;
}

async function documentedRoutes(): Promise<string[]> {
  await t.app.ready();
  const document = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld();
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('the authorization matrix (every documented route × every kind of actor)', () => {
  it('classifies every route of the OpenAPI document, and nothing else', async () => {
    const routes = await documentedRoutes();
    expect(routes.filter((r) => !(r in ACCESS)).sort()).toEqual([]);
    expect(
      Object.keys(ACCESS)
        .filter((r) => !routes.includes(r))
        .sort(),
    ).toEqual([]);
  });

  it('lets the least privileged allowed actor read every GET route with the declared ids (so the declaration is not wider than the app, and a refusal below is not just a missing id)', async () => {
    const failures: string[] = [];
    for (const [route, access] of Object.entries(ACCESS)) {
      const [method, path] = route.split(' ') as [string, string];
      if (method !== 'GET' || path.startsWith('/uploads/')) continue;
      const actor = ACTORS.find((a) => access.allow.includes(a))!;
      const response = await t.app.inject({
        method: 'GET',
        url: urlOf(path, access),
        headers: cookies[actor] ? { cookie: cookies[actor] } : {},
      });
      if (response.statusCode !== 200) failures.push(`${route} as ${actor}: ${response.statusCode} ${response.body}`);
    }
    expect(failures).toEqual([]);
  });

  it("answers other residents (of A and of B) and another community's staff, where they may read, without resident X's name, phone, member code or voucher", async () => {
    const secrets = [w.x.name, w.x.phone, w.x.memberCode, w.voucherCode];
    const leaks: string[] = [];
    for (const [route, access] of Object.entries(ACCESS)) {
      const [method, path] = route.split(' ') as [string, string];
      if (method !== 'GET' || access.allow === PUBLIC || path.startsWith('/uploads/')) continue;
      for (const actor of (['residentY', 'residentB', 'staffB'] as const).filter((a) => access.allow.includes(a))) {
        const response = await t.app.inject({
          method: 'GET',
          url: urlOf(path, access),
          headers: { cookie: cookies[actor]! },
        });
        // a refusal (vouchers/mine for staff, who hold none) is fine too; what matters is what a 200 says
        expect([200, 403], `${route} as ${actor}`).toContain(response.statusCode);
        for (const secret of secrets) if (response.body.includes(secret)) leaks.push(`${route} as ${actor}: ${secret}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('refuses every actor a route does not allow (401 when signed out, else 403/404) and changes no row anywhere', async () => {
    const failures: string[] = [];
    let checks = 0;
    let before = await databaseFingerprint(t.deps);
    for (const [route, access] of Object.entries(ACCESS)) {
      const [method, path] = route.split(' ') as [string, string];
      for (const actor of ACTORS) {
        if (access.allow.includes(actor)) continue;
        checks++;
        const body = access.body?.(w);
        const response = await t.app.inject({
          method: method as 'GET',
          url: urlOf(path, access),
          headers: cookies[actor] ? { cookie: cookies[actor] } : {},
          ...(body === undefined ? {} : { payload: body as object }),
        });
        const expected = actor === 'anonymous' ? [401] : [401, 403, 404];
        if (!expected.includes(response.statusCode))
          failures.push(`${route} as ${actor}: ${response.statusCode} ${response.body.slice(0, 160)}`);
      }
      // Once per route, to stay fast on PostgreSQL: a write that slipped through names its actor by its 2xx above.
      before = await unchanged(before, `${route} (as a refused actor)`, failures);
    }
    console.info(`[authorization matrix] ${checks} route × actor refusals checked on ${t.deps.dialect}`);
    expect(failures).toEqual([]);
    expect(checks).toBeGreaterThan(500);
  }, 120_000);
});
