import BetterSqlite3 from 'better-sqlite3';
import {
  GENESIS_HASH,
  VOUCHER_CODE_ALPHABET,
  VOUCHER_CODE_LENGTH,
  idNumberCheckCharacter,
  isoWeekKey,
  luhnCheckDigit,
  maskIdNumber,
} from '@zhongli/domain';
import { openSqlite } from '../db/connect.js';
import { prepareDatabase } from '../db/prepare.js';
import { fillNameGramsSql } from '../db/migrations/20261207_0202_resident_name_grams.js';
import { hashPassword } from '../modules/accounts/index.js';
import { entryHash } from '../modules/points/index.js';
import { idNumberDigest } from '../modules/residents/index.js';
import { fictionalName, seededRandom } from './names.js';
import { DEMO_PASSWORD } from './seed.js';

/**
 * A county-sized database for the bench (`npm run seed:large`): hundreds of thousands of fictional
 * residents over hundreds of communities, years of weekly activities with registrations and
 * check-ins, a points ledger of millions of entries whose hash chains verify, and enough shop,
 * voucher, need, merchant and service data for the dashboard. Written straight into the product's
 * own schema (the real migrations on a fresh file) with prepared statements in large transactions;
 * deterministic for a given seed and `now`.
 */
export interface LargeSeedOptions {
  file: string;
  residents: number;
  communities: number;
  years: number;
  /** the seed of the PRNG: the same options give the same database */
  seed: number;
  /** the end of the generated history */
  now: Date;
  log?: (line: string) => void;
}

export interface LargeSeedCounts {
  communities: number;
  residents: number;
  users: number;
  activities: number;
  registrations: number;
  checkins: number;
  ledgerEntries: number;
  shopRedemptions: number;
  vouchers: number;
  needs: number;
  needSupports: number;
  merchants: number;
  contributions: number;
  serviceSessions: number;
  bookings: number;
  rotaAssignments: number;
  auditEntries: number;
}

const DAY = 86_400_000;
const COUNTY_OFFSET = 8 * 3_600_000; // Asia/Shanghai, no daylight saving

const NAME_HEADS = [
  '和平',
  '建设',
  '新华',
  '文化',
  '解放',
  '胜利',
  '育才',
  '光明',
  '向阳',
  '长青',
  '民主',
  '团结',
  '朝阳',
  '兴旺',
  '富民',
  '安康',
  '永安',
  '青年',
  '花园',
  '桃园',
  '柳湾',
  '南关',
  '北关',
  '礼元',
  '桐城',
];
const NAME_TAILS = ['', '东', '西', '南', '北', '中', '一', '二', '三', '新', '里', '苑'];
const TITLES: Record<string, string[]> = {};
const RULES = [
  { code: 'activity', name: '参加社区活动', category: '活动参与', points: 5 },
  { code: 'volunteer', name: '志愿服务', category: '志愿服务', points: 10 },
  { code: 'neighbour', name: '邻里互助', category: '邻里互助', points: 3 },
] as const;
const SHOP_ITEMS = [
  ['洗衣液', 30],
  ['食用油', 50],
  ['大米五斤', 60],
  ['毛巾', 15],
  ['牙膏', 10],
  ['抽纸', 12],
  ['香皂', 8],
  ['保温杯', 40],
] as const;
const NEED_CATEGORIES = ['文体活动', '便民服务', '邻里互助', '健康养老', '儿童托管'];
const MERCHANT_CATEGORIES = ['餐饮', '商贸', '医药', '生活服务', '食品'];

const iso = (ms: number) => new Date(ms).toISOString();
/** The UTC instant of a county-local wall-clock time on the county day starting at `dayMs` (UTC midnight of that date). */
const countyAt = (dayMs: number, hour: number, minute = 0) =>
  dayMs + hour * 3_600_000 + minute * 60_000 - COUNTY_OFFSET;
const dateOf = (ms: number) => new Date(ms + COUNTY_OFFSET).toISOString().slice(0, 10);

export async function seedLargeCounty(options: LargeSeedOptions): Promise<LargeSeedCounts> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const step = (label: string) => log(`  ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s  ${label}`);

  // The product's own schema: the real migrations, the center row and the ID-number key.
  const handle = openSqlite(options.file);
  let idDigestKey: string;
  try {
    ({ idDigestKey } = await prepareDatabase(handle.db, handle.dialect, '县社区服务中心'));
    const any = await handle.db.selectFrom('communities').select('id').limit(1).executeTakeFirst();
    if (any) throw new Error(`${options.file} already has communities: seed:large writes into a fresh database only`);
  } finally {
    await handle.close();
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  step('schema migrated');

  const db = new BetterSqlite3(options.file);
  // Bulk loading: no journal, no fsync (a failed seed is simply run again); the normal settings return at the end.
  db.pragma('journal_mode = DELETE');
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -400000');
  db.pragma('temp_store = MEMORY');
  db.pragma('foreign_keys = OFF');
  const random = seededRandom(options.seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const insert = (table: string, columns: string[]) =>
    db.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
  const counts = {} as LargeSeedCounts;

  const nowMs = options.now.getTime();
  const todayMs = Date.UTC(options.now.getUTCFullYear(), options.now.getUTCMonth(), options.now.getUTCDate());
  // History starts on a Monday `years` years back.
  let startMs = todayMs - Math.round(options.years * 365.25) * DAY;
  startMs -= ((new Date(startMs).getUTCDay() + 6) % 7) * DAY;
  const weeks = Math.floor((todayMs - startMs) / (7 * DAY));
  const randomTime = (from: number, to: number) => from + Math.floor(random() * Math.max(1, to - from));

  // --- Organisation: communities, venues, staff, merchants -------------------------------------
  const C = options.communities;
  const communityNames: string[] = [];
  const staffOf: number[] = []; // community index → staff user id
  const venuesOf: number[][] = [];
  const merchantsOf: number[][] = [];
  let userId = 0;
  let merchantId = 0;
  let phoneSerial = 0;
  // A bijection of the serial onto nine digits, so phones are unique without looking like a counter.
  const phoneOf = (serial: number) => `13${String((serial * 7_919 + 104_729) % 1_000_000_000).padStart(9, '0')}`;
  db.transaction(() => {
    const insCommunity = insert('communities', ['id', 'name', 'created_at']);
    const insVenue = insert('venues', ['id', 'community_id', 'name', 'address', 'created_at']);
    const insUser = insert('users', ['id', 'name', 'phone', 'password_hash', 'created_at']);
    const insRole = insert('user_roles', ['user_id', 'role', 'community_id', 'merchant_id']);
    const insMerchant = insert('merchants', [
      'id',
      'community_id',
      'name',
      'address',
      'category',
      'party_alliance',
      'created_at',
    ]);
    const at = iso(startMs - 30 * DAY);
    insUser.run(++userId, '中心管理员', '13800000000', passwordHash, at);
    insRole.run(userId, 'center_admin', null, null);
    let venueId = 0;
    for (let c = 0; c < C; c++) {
      const head = NAME_HEADS[c % NAME_HEADS.length]!;
      const tail = NAME_TAILS[Math.floor(c / NAME_HEADS.length) % NAME_TAILS.length]!;
      const round = Math.floor(c / (NAME_HEADS.length * NAME_TAILS.length));
      const name = `${head}${tail}${round ? round + 1 : ''}社区`;
      communityNames.push(name);
      insCommunity.run(c + 1, name, at);
      venuesOf.push([]);
      for (const venue of ['党群服务中心', '多功能活动室', '便民服务站']) {
        insVenue.run(++venueId, c + 1, venue, `${head}路${1 + int(200)}号`, at);
        venuesOf[c]!.push(venueId);
      }
      insUser.run(++userId, `${name}工作人员`, `138${String(10_000_000 + c).padStart(8, '0')}`, passwordHash, at);
      insRole.run(userId, 'community_staff', c + 1, null);
      staffOf.push(userId);
      merchantsOf.push([]);
      for (let m = 0; m < 5; m++) {
        const category = MERCHANT_CATEGORIES[m]!;
        insMerchant.run(
          ++merchantId,
          c + 1,
          `${head}${category}店${m + 1}`,
          `${head}街${10 + m}号`,
          category,
          m < 2 ? 1 : 0,
          at,
        );
        merchantsOf[c]!.push(merchantId);
      }
    }
    counts.communities = C;
    counts.merchants = merchantId;
  })();
  step(`${C} communities, ${merchantId} merchants`);

  // --- Residents: ID numbers with valid check characters, keyed digests, member codes, unique phones
  const R = options.residents;
  const residentCommunity = new Int32Array(R + 1);
  const residentUser = new Int32Array(R + 1);
  const residentsOf: number[][] = Array.from({ length: C }, () => []);
  const residentCreated = new Float64Array(R + 1);
  const volunteersOf: number[][] = Array.from({ length: C }, () => []); // user ids
  const memberCodes = new Set<string>();
  const idNumbers = new Set<string>();
  const thisYear = options.now.getUTCFullYear();
  let auditId = 0;
  db.transaction(() => {
    const insResident = insert('residents', [
      'id',
      'community_id',
      'user_id',
      'name',
      'member_code',
      'birth_date',
      'gender',
      'id_number_masked',
      'id_number_digest',
      'created_by',
      'created_at',
      'contact_phone',
    ]);
    const insUser = insert('users', ['id', 'name', 'phone', 'password_hash', 'created_at']);
    const insRole = insert('user_roles', ['user_id', 'role', 'community_id', 'merchant_id']);
    const insAudit = insert('audit_log', [
      'id',
      'actor_user_id',
      'actor_name',
      'on_behalf_resident_id',
      'community_id',
      'action',
      'target_type',
      'target_id',
      'summary',
      'created_at',
    ]);
    for (let r = 1; r <= R; r++) {
      // Communities differ in size: a few large ones in town, many small ones.
      const c = Math.floor(C * random() ** 1.6);
      residentCommunity[r] = c + 1;
      residentsOf[c]!.push(r);
      const senior = random() < 0.35;
      const age = senior ? 60 + int(35) : 6 + int(54);
      const birthDate = `${thisYear - age - 1}-${String(1 + int(12)).padStart(2, '0')}-${String(1 + int(28)).padStart(2, '0')}`;
      const name = fictionalName(random);
      let memberCode: string;
      do {
        const body = String(1 + int(9)) + String(int(100_000_000)).padStart(8, '0');
        memberCode = body + luhnCheckDigit(body);
      } while (memberCodes.has(memberCode));
      memberCodes.add(memberCode);
      let gender: 'male' | 'female' | null = null;
      let masked: string | null = null;
      let digest: string | null = null;
      if (random() < 0.9) {
        let first17: string;
        do first17 = `140823${birthDate.replaceAll('-', '')}${String(int(1000)).padStart(3, '0')}`;
        while (idNumbers.has(first17));
        idNumbers.add(first17);
        const normalized = first17 + idNumberCheckCharacter(first17);
        gender = Number(normalized[16]) % 2 === 1 ? 'male' : 'female';
        masked = maskIdNumber(normalized);
        digest = idNumberDigest(idDigestKey, normalized);
      }
      const phone = phoneOf(++phoneSerial);
      // A quarter sign in on their own phone; the rest have the desk's number for calls.
      const hasLogin = random() < 0.25;
      // One in seven were registered before the history starts; the rest join over the years.
      const createdMs = random() < 0.15 ? randomTime(startMs - 60 * DAY, startMs) : randomTime(startMs, nowMs - DAY);
      residentCreated[r] = createdMs;
      const at = iso(createdMs);
      if (hasLogin) {
        insUser.run(++userId, name, phone, null, at);
        residentUser[r] = userId;
        if (createdMs < startMs && volunteersOf[c]!.length < 6) {
          insRole.run(userId, 'volunteer', c + 1, null);
          volunteersOf[c]!.push(userId);
        }
      }
      insResident.run(
        r,
        c + 1,
        hasLogin ? userId : null,
        name,
        memberCode,
        birthDate,
        gender,
        masked,
        digest,
        staffOf[c]!,
        at,
        hasLogin ? null : phone,
      );
      insAudit.run(
        ++auditId,
        staffOf[c]!,
        `${communityNames[c]}工作人员`,
        r,
        c + 1,
        'resident.register',
        'resident',
        String(r),
        `登记居民 ${name}（会员号 ${memberCode}）`,
        at,
      );
      if (r % 100_000 === 0) step(`${r} residents`);
    }
    // The name search's grams, as migration 20261207_0202 fills them (the raw inserts above bypass the repository).
    db.exec(fillNameGramsSql('sqlite'));
  })();
  counts.residents = R;
  // Each community's residents in the order they registered: whoever takes part at a time is drawn
  // from those registered by then (the earliest, the most active, come most).
  for (const members of residentsOf) members.sort((a, b) => residentCreated[a]! - residentCreated[b]!);
  const registeredBy = (c: number, ms: number) => {
    const members = residentsOf[c]!;
    let lo = 0;
    let hi = members.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (residentCreated[members[mid]!]! <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const drawResident = (c: number, ms: number, skew = 1) => {
    const k = registeredBy(c, ms);
    return k ? residentsOf[c]![Math.floor(k * random() ** skew)]! : undefined;
  };
  memberCodes.clear();
  idNumbers.clear();
  step(`${R} residents, ${userId} logins`);

  // --- Points rules: one published version per community ----------------------------------------
  const ruleIdOf = (c: number, k: number) => c * RULES.length + k + 1;
  db.transaction(() => {
    const insRule = insert('points_rules', ['id', 'community_id', 'code', 'created_at']);
    const insVersion = insert('points_rule_versions', [
      'id',
      'community_id',
      'version',
      'effective_from',
      'created_by',
      'created_at',
    ]);
    const insRevision = insert('points_rule_revisions', [
      'id',
      'version_id',
      'rule_id',
      'name',
      'category',
      'points',
      'description',
      'position',
    ]);
    const at = iso(startMs - 30 * DAY);
    for (let c = 0; c < C; c++) {
      insVersion.run(c + 1, c + 1, 1, at, staffOf[c]!, at);
      RULES.forEach((rule, k) => {
        insRule.run(ruleIdOf(c, k), c + 1, rule.code, at);
        insRevision.run(ruleIdOf(c, k), c + 1, ruleIdOf(c, k), rule.name, rule.category, rule.points, null, k + 1);
      });
    }
  })();

  // --- Activities, registrations; check-ins are written with their ledger entries below --------
  const categories = (
    db.prepare('select name from activity_categories order by position').all() as { name: string }[]
  ).map((row) => row.name);
  for (const category of categories) TITLES[category] = [`${category}交流会`, `${category}讲座`, `${category}体验课`];
  const activityStart: number[] = [0];
  const activityCommunity: number[] = [0];
  const activityTitle: string[] = [''];
  // Check-ins, to be merged into each resident's ledger: resident, activity, instant.
  let checkinCount = 0;
  let checkinResident = new Int32Array(1 << 20);
  let checkinActivity = new Int32Array(1 << 20);
  let checkinAt = new Float64Array(1 << 20);
  const pushCheckin = (r: number, a: number, ms: number) => {
    if (checkinCount === checkinResident.length) {
      const grow = <T extends Int32Array | Float64Array>(old: T): T => {
        const next = new (old.constructor as new (n: number) => T)(old.length * 2);
        next.set(old);
        return next;
      };
      checkinResident = grow(checkinResident);
      checkinActivity = grow(checkinActivity);
      checkinAt = grow(checkinAt);
    }
    checkinResident[checkinCount] = r;
    checkinActivity[checkinCount] = a;
    checkinAt[checkinCount] = ms;
    checkinCount++;
  };
  // About 2.5 registrations per resident over the whole history.
  const perActivity = Math.max(2, Math.round((2.5 * R) / (C * weeks * 1.3)));
  let registrationId = 0;
  db.transaction(() => {
    const insActivity = insert('activities', [
      'id',
      'community_id',
      'title',
      'category',
      'venue_id',
      'starts_at',
      'ends_at',
      'week',
      'capacity',
      'registered',
      'points_rule_id',
      'status',
      'published_at',
      'cancelled_at',
      'cancel_reason',
      'checkin_secret',
      'created_by',
      'created_at',
      'updated_at',
    ]);
    const insRegistration = insert('registrations', [
      'id',
      'activity_id',
      'resident_id',
      'status',
      'registered_by',
      'created_at',
      'updated_at',
    ]);
    let activityId = 0;
    for (let w = 0; w < weeks; w++) {
      const monday = startMs + w * 7 * DAY;
      for (let c = 0; c < C; c++) {
        const members = residentsOf[c]!;
        if (!members.length) continue;
        const held = 1 + (random() < 0.3 ? 1 : 0);
        for (let k = 0; k < held; k++) {
          const day = monday + int(7) * DAY;
          const startsMs = countyAt(day, pick([9, 10, 14, 15, 19]));
          if (startsMs >= nowMs) continue;
          const category = pick(categories);
          const title = pick(TITLES[category]!);
          const cancelled = random() < 0.02;
          const before = startsMs - 7 * DAY;
          const want = Math.min(registeredBy(c, before), Math.round(perActivity * (0.4 + random() * 1.2)));
          const chosen = new Set<number>();
          // The active few come most: a skewed draw over the community's residents.
          for (let tries = 0; chosen.size < want && tries < want * 4; tries++) chosen.add(drawResident(c, before, 2)!);
          let registered = 0;
          activityId++;
          const rows: [number, string, number][] = [];
          for (const r of chosen) {
            const status = cancelled || random() < 0.05 ? 'cancelled' : 'registered';
            const createdMs = startsMs - (1 + int(6)) * DAY - int(600) * 60_000;
            rows.push([r, status, createdMs]);
            if (status === 'registered') {
              registered++;
              if (random() < 0.85) pushCheckin(r, activityId, startsMs - 15 * 60_000 + int(30) * 60_000);
            }
          }
          const createdAt = iso(startsMs - 10 * DAY);
          insActivity.run(
            activityId,
            c + 1,
            title,
            category,
            pick(venuesOf[c]!),
            iso(startsMs),
            iso(startsMs + 2 * 3_600_000),
            isoWeekKey(dateOf(startsMs)),
            random() < 0.5 ? null : Math.max(registered, 30),
            registered,
            ruleIdOf(c, 0),
            cancelled ? 'cancelled' : 'published',
            iso(startsMs - 8 * DAY),
            cancelled ? iso(startsMs - DAY) : null,
            cancelled ? '天气原因取消' : null,
            Math.floor(random() * 2 ** 52).toString(16),
            staffOf[c]!,
            createdAt,
            createdAt,
          );
          for (const [r, status, createdMs] of rows)
            insRegistration.run(++registrationId, activityId, r, status, null, iso(createdMs), iso(createdMs));
          activityStart.push(startsMs);
          activityCommunity.push(c + 1);
          activityTitle.push(title);
        }
      }
      if (w % 52 === 51) step(`week ${w + 1}/${weeks}: ${activityId} activities, ${registrationId} registrations`);
    }
    counts.activities = activityId;
    counts.registrations = registrationId;
  })();
  step(`${counts.activities} activities, ${registrationId} registrations, ${checkinCount} check-ins`);

  // --- Shop stock and voucher offers, which residents spend points on -------------------------
  interface Lot {
    id: number;
    at: number;
    remaining: number;
  }
  const itemsOf: { id: number; name: string; price: number; lots: Lot[] }[][] = [];
  const offersOf: {
    id: number;
    merchantId: number;
    from: number;
    to: number;
    cost: number;
    title: string;
    claimed: number;
  }[][] = [];
  const stockEvents: { item: number; community: number; at: number; delta: number; ref: string; kind: string }[] = [];
  db.transaction(() => {
    const insItem = insert('shop_items', ['id', 'community_id', 'name', 'points_price', 'stock', 'created_at']);
    const insDonation = insert('shop_donations', [
      'id',
      'item_id',
      'community_id',
      'merchant_id',
      'donor_name',
      'quantity',
      'remaining',
      'donated_on',
      'estimated_value_fen',
      'recorded_by',
      'created_at',
    ]);
    const insOffer = insert('voucher_offers', [
      'id',
      'merchant_id',
      'community_id',
      'title',
      'face_value_fen',
      'points_cost',
      'quantity',
      'valid_until',
      'per_resident_limit',
      'created_by',
      'created_at',
    ]);
    let itemId = 0;
    let donationId = 0;
    let offerId = 0;
    for (let c = 0; c < C; c++) {
      itemsOf.push([]);
      offersOf.push([]);
      for (const [name, price] of SHOP_ITEMS) {
        itemsOf[c]!.push({ id: ++itemId, name, price, lots: [] });
        insItem.run(itemId, c + 1, name, price, 0, iso(startMs - 20 * DAY));
        // A donation a quarter, alternately from a merchant and from a named donor.
        for (let q = startMs - 10 * DAY; q < nowMs; q += 91 * DAY) {
          const quantity = 20 + int(40);
          const lot = { id: ++donationId, at: q, remaining: quantity };
          itemsOf[c]![itemsOf[c]!.length - 1]!.lots.push(lot);
          const merchant = random() < 0.6 ? pick(merchantsOf[c]!) : null;
          // remaining is written once every redemption has drawn from the lot (see below)
          insDonation.run(
            lot.id,
            itemId,
            c + 1,
            merchant,
            merchant ? null : `爱心人士${1 + int(40)}`,
            quantity,
            quantity,
            dateOf(q),
            quantity * price * 10,
            staffOf[c]!,
            iso(q),
          );
          stockEvents.push({
            item: itemId,
            community: c + 1,
            at: q,
            delta: quantity,
            ref: String(lot.id),
            kind: 'donation',
          });
        }
      }
      for (const m of merchantsOf[c]!.slice(0, 3)) {
        for (let y = 0; y <= options.years; y++) {
          const from = startMs + y * 365 * DAY;
          if (from >= nowMs) break;
          const cost = 20 + 10 * int(4);
          const title = `${cost / 2}元代金券`;
          offersOf[c]!.push({ id: ++offerId, merchantId: m, from, to: from + 364 * DAY, cost, title, claimed: 0 });
          insOffer.run(
            offerId,
            m,
            c + 1,
            title,
            cost * 50,
            cost,
            100_000,
            iso(from + 364 * DAY),
            50,
            staffOf[c]!,
            iso(from),
          );
        }
      }
    }
  })();
  step('shop items, donations, voucher offers');

  // --- The ledger: each resident's chain in time order, with the check-ins, redemptions and vouchers it pays for
  const order = new Int32Array(checkinCount);
  for (let i = 0; i < checkinCount; i++) order[i] = i;
  order.sort((a, b) => checkinResident[a]! - checkinResident[b]! || checkinAt[a]! - checkinAt[b]!);
  let ledgerId = 0;
  let checkinId = 0;
  let redemptionId = 0;
  let voucherId = 0;
  const voucherCodes = new Set<string>();
  const insLedger = insert('points_ledger', [
    'id',
    'resident_id',
    'community_id',
    'seq',
    'delta',
    'kind',
    'rule_id',
    'rule_revision_id',
    'ref_type',
    'ref_id',
    'reason',
    'actor_user_id',
    'idempotency_key',
    'balance_after',
    'prev_hash',
    'hash',
    'created_at',
  ]);
  const insBalance = insert('points_balances', ['resident_id', 'balance', 'entry_count', 'last_hash']);
  const insCheckin = insert('checkins', [
    'id',
    'activity_id',
    'resident_id',
    'method',
    'points_entry_id',
    'actor_user_id',
    'checked_in_at',
  ]);
  const insRedemption = insert('shop_redemptions', [
    'id',
    'community_id',
    'resident_id',
    'points_spent',
    'ledger_entry_id',
    'actor_user_id',
    'created_at',
  ]);
  const insLine = insert('shop_redemption_lines', [
    'id',
    'redemption_id',
    'item_id',
    'item_name',
    'quantity',
    'points_price',
  ]);
  const insLot = insert('shop_redemption_lots', ['line_id', 'donation_id', 'quantity']);
  const insVoucher = insert('vouchers', [
    'id',
    'offer_id',
    'merchant_id',
    'resident_id',
    'code',
    'status',
    'ledger_entry_id',
    'claimed_at',
    'expires_at',
    'redeemed_at',
  ]);
  type Event = { at: number; kind: 'checkin' | 'award' | 'spend'; activity?: number; rule?: number };
  let cursor = 0;
  const ledgerBatch = (from: number, to: number) =>
    db.transaction(() => {
      for (let r = from; r < to; r++) {
        const c = residentCommunity[r]! - 1;
        const staff = staffOf[c]!;
        const events: Event[] = [];
        while (cursor < checkinCount && checkinResident[order[cursor]!] === r) {
          const i = order[cursor++]!;
          events.push({ at: checkinAt[i]!, kind: 'checkin', activity: checkinActivity[i]! });
        }
        // Volunteering and neighbourly help, and about one spending decision for every three earnings.
        const extra = Math.floor(random() ** 2 * 20);
        const since = Math.max(startMs, residentCreated[r]!);
        for (let k = 0; k < extra; k++) events.push({ at: randomTime(since, nowMs), kind: 'award', rule: 1 + int(2) });
        const spends = Math.floor((events.length + 1) / 3);
        for (let k = 0; k < spends; k++) events.push({ at: randomTime(since, nowMs), kind: 'spend' });
        events.sort((a, b) => a.at - b.at);
        let seq = 0;
        let balance = 0;
        let prevHash = GENESIS_HASH;
        const append = (
          at: number,
          delta: number,
          kind: string,
          rule: number | null,
          refType: string | null,
          refId: string | null,
          reason: string,
          key: string,
        ) => {
          seq++;
          balance += delta;
          const createdAt = iso(at);
          const hash = entryHash(prevHash, {
            residentId: r,
            seq,
            delta,
            kind,
            ruleId: rule,
            refType,
            refId,
            actorUserId: staff,
            idempotencyKey: key,
            createdAt,
          });
          insLedger.run(
            ++ledgerId,
            r,
            c + 1,
            seq,
            delta,
            kind,
            rule,
            rule,
            refType,
            refId,
            reason,
            staff,
            key,
            balance,
            prevHash,
            hash,
            createdAt,
          );
          prevHash = hash;
          return ledgerId;
        };
        for (const e of events) {
          if (e.kind === 'checkin') {
            const a = e.activity!;
            const entry = append(
              e.at,
              RULES[0].points,
              'award',
              ruleIdOf(c, 0),
              'activity',
              String(a),
              `参加活动「${activityTitle[a]}」`,
              `checkin:${a}:${r}`,
            );
            insCheckin.run(++checkinId, a, r, pick(['code', 'code', 'card', 'staff']), entry, staff, iso(e.at));
          } else if (e.kind === 'award') {
            const rule = RULES[e.rule!]!;
            append(
              e.at,
              rule.points,
              'award',
              ruleIdOf(c, e.rule!),
              null,
              null,
              rule.name,
              `award:large:${r}:${seq + 1}`,
            );
          } else if (random() < 0.7) {
            // The shop: an affordable item with a lot donated before now.
            const item = pick(itemsOf[c]!);
            if (item.price > balance) continue;
            const lot = item.lots.find((l) => l.at <= e.at && l.remaining > 0);
            if (!lot) continue;
            lot.remaining--;
            redemptionId++;
            const entry = append(
              e.at,
              -item.price,
              'redemption',
              null,
              'shop_redemption',
              String(redemptionId),
              `兑换：${item.name}×1`,
              `redemption:${redemptionId}`,
            );
            insRedemption.run(redemptionId, c + 1, r, item.price, entry, staff, iso(e.at));
            insLine.run(redemptionId, redemptionId, item.id, item.name, 1, item.price);
            insLot.run(redemptionId, lot.id, 1);
            stockEvents.push({
              item: item.id,
              community: c + 1,
              at: e.at,
              delta: -1,
              ref: String(redemptionId),
              kind: 'redemption',
            });
          } else {
            const offer = offersOf[c]!.find((o) => o.from <= e.at && e.at < o.to);
            if (!offer || offer.cost > balance) continue;
            voucherId++;
            offer.claimed++;
            let code: string;
            do {
              code = '';
              for (let i = 0; i < VOUCHER_CODE_LENGTH; i++)
                code += VOUCHER_CODE_ALPHABET[int(VOUCHER_CODE_ALPHABET.length)];
            } while (voucherCodes.has(code));
            voucherCodes.add(code);
            const entry = append(
              e.at,
              -offer.cost,
              'voucher',
              null,
              'voucher',
              String(voucherId),
              `领取${offer.title}`,
              `voucher:${voucherId}`,
            );
            const redeemedAt = e.at + (1 + int(30)) * DAY;
            const redeemed = random() < 0.7 && redeemedAt < Math.min(nowMs, offer.to);
            insVoucher.run(
              voucherId,
              offer.id,
              offer.merchantId,
              r,
              code,
              redeemed ? 'redeemed' : 'issued',
              entry,
              iso(e.at),
              iso(offer.to),
              redeemed ? iso(redeemedAt) : null,
            );
          }
        }
        if (seq > 0) insBalance.run(r, balance, seq, prevHash);
      }
    })();
  const BATCH = 20_000;
  for (let from = 1; from <= R; from += BATCH) {
    ledgerBatch(from, Math.min(R + 1, from + BATCH));
    if ((from - 1 + BATCH) % 100_000 === 0 || from + BATCH > R)
      step(`ledger: ${Math.min(R, from + BATCH - 1)} residents, ${ledgerId} entries`);
  }
  // Results published for about a third of the activities held, with their attendance.
  db.exec(`insert into activity_results (activity_id, summary, attendance, registered, published_by, published_at)
    select a.id, '活动圆满结束，感谢大家参与', (select count(*) from checkins c where c.activity_id = a.id), a.registered,
           a.created_by, a.ends_at
    from activities a where a.status = 'published' and a.id % 3 = 0`);
  counts.checkins = checkinId;
  counts.ledgerEntries = ledgerId;
  counts.shopRedemptions = redemptionId;
  counts.vouchers = voucherId;
  voucherCodes.clear();

  // Stock: movements in time order with their running stock, lots' remaining, the items' stock.
  db.transaction(() => {
    const insMovement = insert('stock_movements', [
      'item_id',
      'community_id',
      'delta',
      'stock_after',
      'kind',
      'ref_type',
      'ref_id',
      'created_at',
    ]);
    stockEvents.sort((a, b) => a.item - b.item || a.at - b.at || b.delta - a.delta);
    const stock = new Map<number, number>();
    for (const e of stockEvents) {
      const after = (stock.get(e.item) ?? 0) + e.delta;
      stock.set(e.item, after);
      insMovement.run(
        e.item,
        e.community,
        e.delta,
        after,
        e.kind,
        e.kind === 'donation' ? 'shop_donation' : 'shop_redemption',
        e.ref,
        iso(e.at),
      );
    }
    const setRemaining = db.prepare('update shop_donations set remaining = ? where id = ?');
    for (const items of itemsOf)
      for (const item of items) for (const lot of item.lots) setRemaining.run(lot.remaining, lot.id);
    db.exec(
      `update shop_items set stock = coalesce((select sum(remaining) from shop_donations d where d.item_id = shop_items.id), 0)`,
    );
    db.exec(`insert into shop_limit_usage (resident_id, item_id, month, count)
      select r.resident_id, l.item_id, substr(r.created_at, 1, 7), sum(l.quantity)
      from shop_redemptions r join shop_redemption_lines l on l.redemption_id = r.id
      group by r.resident_id, l.item_id, substr(r.created_at, 1, 7)`);
    const setClaimed = db.prepare('update voucher_offers set claimed = ? where id = ?');
    for (const offers of offersOf) for (const offer of offers) setClaimed.run(offer.claimed, offer.id);
    db.exec(`insert into voucher_limit_usage (offer_id, resident_id, count)
      select offer_id, resident_id, count(*) from vouchers group by offer_id, resident_id`);
  })();
  step(`${ledgerId} ledger entries, ${checkinId} check-ins, ${redemptionId} redemptions, ${voucherId} vouchers`);

  // --- Needs and supports, merchants' contributions, ratings and requests ------------------------
  db.transaction(() => {
    const insNeed = insert('needs', [
      'id',
      'community_id',
      'resident_id',
      'category',
      'text',
      'supports',
      'created_at',
    ]);
    const insSupport = insert('need_supports', ['need_id', 'resident_id', 'created_at']);
    const insAnswer = insert('activity_needs', ['activity_id', 'need_id']);
    // A need is answered by the community's first activity a week or more after it was raised.
    const activitiesOf: number[][] = Array.from({ length: C }, () => []);
    for (let a = 1; a < activityCommunity.length; a++) activitiesOf[activityCommunity[a]! - 1]!.push(a);
    const firstActivityAfter = (c: number, ms: number) => {
      const list = activitiesOf[c]!;
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (activityStart[list[mid]!]! <= ms) lo = mid + 1;
        else hi = mid;
      }
      return list[lo];
    };
    const insContribution = insert('merchant_contributions', [
      'merchant_id',
      'kind',
      'description',
      'quality',
      'occurred_at',
      'recorded_by',
      'created_at',
    ]);
    const insRating = insert('merchant_ratings', [
      'merchant_id',
      'month',
      'stars',
      'contributions',
      'average_quality',
      'explanation',
      'rated_at',
    ]);
    const insRequest = insert('merchant_requests', [
      'merchant_id',
      'community_id',
      'title',
      'description',
      'status',
      'response',
      'raised_by',
      'handled_by',
      'created_at',
      'updated_at',
      'resolved_at',
    ]);
    let needId = 0;
    let supports = 0;
    let contributions = 0;
    for (let c = 0; c < C; c++) {
      const members = residentsOf[c]!;
      if (!members.length) continue;
      const needCount = Math.max(1, Math.round((members.length / 50) * options.years));
      for (let n = 0; n < Math.min(needCount, 20 * options.years * 12); n++) {
        const at = randomTime(startMs, nowMs);
        const raisedBy = drawResident(c, at);
        if (raisedBy === undefined) continue;
        const supporters = new Set<number>();
        const want = int(12);
        for (let k = 0; k < want; k++) supporters.add(drawResident(c, at)!);
        needId++;
        const category = pick(NEED_CATEGORIES);
        insNeed.run(needId, c + 1, raisedBy, category, `希望社区多组织${category}方面的活动`, supporters.size, iso(at));
        for (const s of supporters) insSupport.run(needId, s, iso(at + int(7) * DAY));
        supports += supporters.size;
        const answer = random() < 0.45 ? firstActivityAfter(c, at + 7 * DAY) : undefined;
        if (answer) insAnswer.run(answer, needId);
      }
      for (const m of merchantsOf[c]!) {
        const perYear = 2 + int(8);
        for (let k = 0; k < perYear * options.years; k++) {
          const at = randomTime(startMs, nowMs);
          insContribution.run(
            m,
            pick(['donation', 'sponsorship', 'booth', 'service']),
            '参与社区活动',
            3 + int(3),
            iso(at),
            staffOf[c]!,
            iso(at),
          );
          contributions++;
        }
        for (let back = 1; back <= 12; back++) {
          const month = new Date(Date.UTC(thisYear, options.now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
          const stars = int(6);
          insRating.run(
            m,
            month,
            stars,
            stars,
            stars ? 3 + random() * 2 : null,
            `本月参与${stars}次`,
            iso(nowMs - back * 28 * DAY),
          );
        }
        if (random() < 0.5) {
          const at = randomTime(nowMs - 365 * DAY, nowMs);
          const status = pick(['open', 'in_progress', 'resolved'] as const);
          insRequest.run(
            m,
            c + 1,
            '门前道路需要维修',
            '店门前人行道砖松动，老人经过容易绊倒',
            status,
            status === 'open' ? null : '已联系有关部门',
            staffOf[c]!,
            status === 'open' ? null : staffOf[c]!,
            iso(at),
            iso(at),
            status === 'resolved' ? iso(at + 3 * DAY) : null,
          );
        }
      }
    }
    counts.needs = needId;
    counts.needSupports = supports;
    counts.contributions = contributions;
  })();
  step(`${counts.needs} needs, ${counts.needSupports} supports, ${counts.contributions} merchant contributions`);

  // --- Services in one community in ten: a barber and a health desk, sessions, bookings, rota -----
  db.transaction(() => {
    const insService = insert('services', [
      'id',
      'community_id',
      'name',
      'venue_id',
      'price_fen',
      'schedule',
      'scope',
      'booking_days_ahead',
      'booking_time',
      'volunteers_per_session',
      'min_age',
      'created_at',
    ]);
    const insSession = insert('service_sessions', [
      'id',
      'service_id',
      'date',
      'period',
      'starts_at',
      'ends_at',
      'capacity',
      'booked',
      'queue_seq',
      'booking_opens_at',
      'scope',
      'status',
      'completed_at',
    ]);
    const insBooking = insert('bookings', [
      'session_id',
      'service_id',
      'resident_id',
      'queue_number',
      'walk_in',
      'fee_paid_fen',
      'called_at',
      'served_at',
      'created_at',
      'updated_at',
      'state',
    ]);
    const insVolunteer = insert('service_volunteers', ['service_id', 'user_id', 'created_at']);
    const insRota = insert('rota_assignments', ['session_id', 'user_id', 'created_at']);
    let serviceId = 0;
    let sessionId = 0;
    let bookings = 0;
    let rota = 0;
    const schedule = JSON.stringify({
      daysOfMonth: [5, 15, 25],
      sessions: [{ period: '上午', start: '08:30', end: '11:30', capacity: 20 }],
    });
    for (let c = 0; c < C; c += 10) {
      const members = residentsOf[c]!;
      const volunteers = volunteersOf[c]!;
      if (!members.length) continue;
      for (const [name, price, minAge] of [
        ['便民理发', 100, null],
        ['健康咨询', 0, null],
      ] as const) {
        insService.run(
          ++serviceId,
          c + 1,
          name,
          venuesOf[c]![2]!,
          price,
          schedule,
          'community',
          7,
          '08:00',
          2,
          minAge,
          iso(startMs),
        );
        for (const v of volunteers) insVolunteer.run(serviceId, v, iso(startMs));
        for (let day = startMs; day < todayMs; day += DAY) {
          const dom = new Date(day).getUTCDate();
          if (dom !== 5 && dom !== 15 && dom !== 25) continue;
          const startsMs = countyAt(day, 8, 30);
          const before = startsMs - 7 * DAY;
          const queue = Math.min(registeredBy(c, before), 8 + int(13));
          const who = new Set<number>();
          for (let k = 0; k < queue * 2 && who.size < queue; k++) who.add(drawResident(c, before)!);
          sessionId++;
          let number = 0;
          let booked = 0;
          const rows: [number, number, string][] = [];
          for (const r of who) {
            number++;
            const state = random() < 0.85 ? 'served' : random() < 0.6 ? 'no_show' : 'cancelled';
            if (state !== 'cancelled') booked++;
            rows.push([r, number, state]);
          }
          insSession.run(
            sessionId,
            serviceId,
            dateOf(startsMs),
            '上午',
            iso(startsMs),
            iso(startsMs + 3 * 3_600_000),
            20,
            booked,
            number,
            iso(countyAt(day - 7 * DAY, 8)),
            'community',
            'open',
            iso(startsMs + 3 * 3_600_000),
          );
          for (const [r, n, state] of rows) {
            const served = state === 'served' ? iso(startsMs + n * 8 * 60_000) : null;
            const created = iso(startsMs - int(7) * DAY);
            insBooking.run(
              sessionId,
              serviceId,
              r,
              n,
              random() < 0.1 ? 1 : 0,
              state === 'served' ? price : null,
              served,
              served,
              created,
              served ?? created,
              state,
            );
            bookings++;
          }
          for (const v of volunteers.slice(0, 2)) {
            insRota.run(sessionId, v, iso(startsMs - 7 * DAY));
            rota++;
          }
        }
      }
    }
    counts.serviceSessions = sessionId;
    counts.bookings = bookings;
    counts.rotaAssignments = rota;
  })();
  step(
    `${counts.serviceSessions} service sessions, ${counts.bookings} bookings, ${counts.rotaAssignments} rota shifts`,
  );

  counts.users = userId;
  counts.auditEntries = auditId;
  db.pragma('journal_mode = WAL');
  db.exec('analyze');
  db.close();
  step('done (analyze, WAL)');
  return counts;
}
