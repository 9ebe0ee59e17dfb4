import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { canonicalEntry, GENESIS_HASH, type CanonicalEntryFields, type RuleLimits } from '@zhongli/domain';
import type { LedgerKind } from '../../db/schema.js';
import type { Db, Trx } from '../../platform/deps.js';
import { keysetPages } from '../../platform/keyset.js';

// Rules -----------------------------------------------------------------------------------------

/** The version in force at `at`: the newest whose effective time has come. */
export function findVersionInForce(db: Db | Trx, communityId: number, at: string) {
  return db
    .selectFrom('points_rule_versions')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('effective_from', '<=', at)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function listVersions(db: Db, communityId: number) {
  return db
    .selectFrom('points_rule_versions')
    .selectAll()
    .where('community_id', '=', communityId)
    .orderBy('version', 'desc')
    .execute();
}

export function findLatestVersionNumber(db: Db | Trx, communityId: number) {
  return db
    .selectFrom('points_rule_versions')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('community_id', '=', communityId)
    .executeTakeFirst();
}

export function listRevisions(db: Db | Trx, versionIds: number[]) {
  if (!versionIds.length) return Promise.resolve([]);
  return db
    .selectFrom('points_rule_revisions')
    .innerJoin('points_rules', 'points_rules.id', 'points_rule_revisions.rule_id')
    .select([
      'points_rule_revisions.id as revision_id',
      'points_rule_revisions.version_id',
      'points_rules.id as rule_id',
      'points_rules.code',
      'points_rules.origin_note',
      'points_rule_revisions.name',
      'points_rule_revisions.category',
      'points_rule_revisions.points',
      'points_rule_revisions.description',
      'points_rule_revisions.limit_per_day',
      'points_rule_revisions.limit_per_week',
      'points_rule_revisions.limit_per_month',
    ])
    .where('points_rule_revisions.version_id', 'in', versionIds)
    .orderBy('points_rule_revisions.version_id')
    .orderBy('points_rule_revisions.position')
    .execute();
}
export type RevisionRow = Awaited<ReturnType<typeof listRevisions>>[number];

/** The revision of one rule in one version, or nothing when the rule is not part of it. */
export function findRevision(db: Db | Trx, versionId: number, ruleId: number) {
  return db
    .selectFrom('points_rule_revisions')
    .innerJoin('points_rules', 'points_rules.id', 'points_rule_revisions.rule_id')
    .select([
      'points_rule_revisions.id as revision_id',
      'points_rules.id as rule_id',
      'points_rules.community_id',
      'points_rule_revisions.name',
      'points_rule_revisions.points',
      'points_rule_revisions.limit_per_day',
      'points_rule_revisions.limit_per_week',
      'points_rule_revisions.limit_per_month',
    ])
    .where('points_rule_revisions.version_id', '=', versionId)
    .where('points_rule_revisions.rule_id', '=', ruleId)
    .executeTakeFirst();
}

export function findRule(db: Db | Trx, ruleId: number) {
  return db.selectFrom('points_rules').selectAll().where('id', '=', ruleId).executeTakeFirst();
}

/** A rule keeps its id across versions while its code is unchanged. */
export async function ensureRuleId(trx: Trx, communityId: number, code: string, at: string): Promise<number> {
  await trx
    .insertInto('points_rules')
    .values({ community_id: communityId, code, created_at: at })
    .onConflict((oc) => oc.columns(['community_id', 'code']).doNothing())
    .execute();
  const row = await trx
    .selectFrom('points_rules')
    .select('id')
    .where('community_id', '=', communityId)
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A new rule the community wrote itself: nobody types a code, the server picks one (unique per community). */
export async function insertNewRule(trx: Trx, communityId: number, at: string): Promise<number> {
  const row = await trx
    .insertInto('points_rules')
    .values({ community_id: communityId, code: generatedRuleCode(), created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** 'R' and ten hex digits: a rule's code is an internal name, never shown for typing. */
const generatedRuleCode = () => `R${randomBytes(5).toString('hex').toUpperCase()}`;

/**
 * The community's copy of a source rule: created once, found again on every later copy (the unique
 * key on (community, source) holds under concurrent copies — the second waits for the first and finds its row).
 */
export async function ensureCopiedRule(
  trx: Trx,
  copy: { communityId: number; source: { templateId: number } | { ruleId: number }; note: string; at: string },
): Promise<number> {
  const fromTemplate = 'templateId' in copy.source;
  const sourceColumn = fromTemplate ? 'source_template_id' : 'source_rule_id';
  const sourceId = 'templateId' in copy.source ? copy.source.templateId : copy.source.ruleId;
  await trx
    .insertInto('points_rules')
    .values({
      community_id: copy.communityId,
      code: generatedRuleCode(),
      created_at: copy.at,
      [sourceColumn]: sourceId,
      origin_note: copy.note,
    })
    .onConflict((oc) => oc.columns(['community_id', sourceColumn]).doNothing())
    .execute();
  const row = await trx
    .selectFrom('points_rules')
    .select('id')
    .where('community_id', '=', copy.communityId)
    .where(sourceColumn, '=', sourceId)
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findLatestVersion(db: Db | Trx, communityId: number) {
  return db
    .selectFrom('points_rule_versions')
    .selectAll()
    .where('community_id', '=', communityId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

// The center's template ---------------------------------------------------------------------------

export function listTemplateRules(db: Db | Trx) {
  return db
    .selectFrom('points_rule_templates')
    .selectAll()
    .where('archived_at', 'is', null)
    .orderBy('position')
    .orderBy('id')
    .execute();
}
export type TemplateRow = Awaited<ReturnType<typeof listTemplateRules>>[number];

export interface TemplateFields {
  name: string;
  category: string;
  points: number;
  description: string | null;
  limit_per_day: number | null;
  limit_per_week: number | null;
  limit_per_month: number | null;
  position: number;
}

export async function insertTemplateRule(trx: Trx, fields: TemplateFields, by: number, at: string) {
  await trx
    .insertInto('points_rule_templates')
    .values({ ...fields, updated_by: by, updated_at: at })
    .execute();
}

export async function updateTemplateRule(trx: Trx, id: number, fields: TemplateFields, by: number, at: string) {
  const result = await trx
    .updateTable('points_rule_templates')
    .set({ ...fields, updated_by: by, updated_at: at })
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A template rule left out of a save is archived, not deleted: communities' copies still name it. */
export async function archiveTemplateRulesExcept(trx: Trx, keepIds: number[], at: string) {
  let query = trx.updateTable('points_rule_templates').set({ archived_at: at }).where('archived_at', 'is', null);
  if (keepIds.length) query = query.where('id', 'not in', keepIds);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertVersion(
  trx: Trx,
  v: {
    communityId: number;
    version: number;
    effectiveFrom: string;
    exchangeRules: string | null;
    createdBy: number;
    at: string;
  },
): Promise<number> {
  const row = await trx
    .insertInto('points_rule_versions')
    .values({
      community_id: v.communityId,
      version: v.version,
      effective_from: v.effectiveFrom,
      exchange_rules: v.exchangeRules,
      created_by: v.createdBy,
      created_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertRevisions(
  trx: Trx,
  rows: {
    versionId: number;
    ruleId: number;
    name: string;
    category: string;
    points: number;
    description: string | null;
    limits: RuleLimits;
    position: number;
  }[],
): Promise<void> {
  await trx
    .insertInto('points_rule_revisions')
    .values(
      rows.map((r) => ({
        version_id: r.versionId,
        rule_id: r.ruleId,
        name: r.name,
        category: r.category,
        points: r.points,
        description: r.description,
        limit_per_day: r.limits.perDay,
        limit_per_week: r.limits.perWeek,
        limit_per_month: r.limits.perMonth,
        position: r.position,
      })),
    )
    .execute();
}

// Limits ----------------------------------------------------------------------------------------

/**
 * Counts one more award against a rule's limit in a period, only while the count is below the
 * limit — one conditional upsert, so concurrent awards cannot both take the last place. Returns
 * false at the limit.
 */
export async function takeLimitSlot(
  trx: Trx,
  k: { residentId: number; ruleId: number; period: string; limit: number },
): Promise<boolean> {
  const result = await trx
    .insertInto('points_limit_usage')
    .values({ resident_id: k.residentId, rule_id: k.ruleId, period: k.period, count: 1 })
    .onConflict((oc) =>
      oc
        .columns(['resident_id', 'rule_id', 'period'])
        .doUpdateSet({ count: (eb) => eb('points_limit_usage.count', '+', 1) })
        .where('points_limit_usage.count', '<', k.limit),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Gives an award's place in a period back (a reversal, or a later period that was full). */
export async function releaseLimitSlot(
  trx: Trx,
  k: { residentId: number; ruleId: number; period: string },
): Promise<void> {
  await trx
    .updateTable('points_limit_usage')
    .set((eb) => ({ count: eb('count', '-', 1) }))
    .where('resident_id', '=', k.residentId)
    .where('rule_id', '=', k.ruleId)
    .where('period', '=', k.period)
    .where('count', '>', 0)
    .execute();
}

// The ledger ------------------------------------------------------------------------------------

export interface NewLedgerEntry {
  residentId: number;
  communityId: number;
  delta: number;
  kind: LedgerKind;
  ruleId: number | null;
  ruleRevisionId: number | null;
  refType: string | null;
  refId: string | null;
  reason: string | null;
  actorUserId: number | null;
  onBehalfResidentId: number | null;
  idempotencyKey: string;
  createdAt: string;
}

export function entryHash(prevHash: string, fields: CanonicalEntryFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalEntry(fields)).digest('hex');
}

/**
 * Appends one entry and moves the cached balance in the same transaction. The balance row is
 * changed by one conditional UPDATE (`balance + delta >= 0`), which also locks it on PostgreSQL
 * until commit, so a resident's entries are appended one at a time and each links to the one
 * before. Returns null when the balance would go below zero (nothing written).
 */
export async function appendLedgerEntry(
  trx: Trx,
  entry: NewLedgerEntry,
): Promise<{ id: number; balanceAfter: number; seq: number; hash: string } | null> {
  await trx
    .insertInto('points_balances')
    .values({ resident_id: entry.residentId, balance: 0, entry_count: 0, last_hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('resident_id').doNothing())
    .execute();
  const head = await trx
    .updateTable('points_balances')
    .set((eb) => ({ balance: eb('balance', '+', entry.delta), entry_count: eb('entry_count', '+', 1) }))
    .where('resident_id', '=', entry.residentId)
    .where(sql<boolean>`balance + ${entry.delta} >= 0`)
    .returning(['balance', 'entry_count', 'last_hash'])
    .executeTakeFirst();
  if (!head) return null;

  const seq = head.entry_count;
  const hash = entryHash(head.last_hash, {
    residentId: entry.residentId,
    seq,
    delta: entry.delta,
    kind: entry.kind,
    ruleId: entry.ruleId,
    refType: entry.refType,
    refId: entry.refId,
    actorUserId: entry.actorUserId,
    idempotencyKey: entry.idempotencyKey,
    createdAt: entry.createdAt,
  });
  const row = await trx
    .insertInto('points_ledger')
    .values({
      resident_id: entry.residentId,
      community_id: entry.communityId,
      seq,
      delta: entry.delta,
      kind: entry.kind,
      rule_id: entry.ruleId,
      rule_revision_id: entry.ruleRevisionId,
      ref_type: entry.refType,
      ref_id: entry.refId,
      reason: entry.reason,
      actor_user_id: entry.actorUserId,
      on_behalf_resident_id: entry.onBehalfResidentId,
      idempotency_key: entry.idempotencyKey,
      balance_after: head.balance,
      prev_hash: head.last_hash,
      hash,
      created_at: entry.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('points_balances')
    .set({ last_hash: hash })
    .where('resident_id', '=', entry.residentId)
    .execute();
  return { id: row.id, balanceAfter: head.balance, seq, hash };
}

export function findEntry(db: Db | Trx, id: number) {
  return db.selectFrom('points_ledger').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findEntryByKey(db: Db | Trx, idempotencyKey: string) {
  return db.selectFrom('points_ledger').select('id').where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
}

export async function findBalance(db: Db | Trx, residentId: number): Promise<number> {
  const row = await db
    .selectFrom('points_balances')
    .select('balance')
    .where('resident_id', '=', residentId)
    .executeTakeFirst();
  return row?.balance ?? 0;
}

export async function listStatement(db: Db, residentId: number, page: { page: number; pageSize: number }) {
  const rows = await db
    .selectFrom('points_ledger as e')
    .leftJoin('users as actor', 'actor.id', 'e.actor_user_id')
    .leftJoin('points_rule_revisions as rev', 'rev.id', 'e.rule_revision_id')
    .leftJoin('points_ledger as reversal', (join) =>
      join
        .onRef('reversal.ref_id', '=', sql<string>`cast(${sql.ref('e.id')} as text)`)
        .on('reversal.ref_type', '=', 'points_entry')
        .on('reversal.kind', '=', 'reversal'),
    )
    .select([
      'e.id',
      'e.seq',
      'e.delta',
      'e.kind',
      'e.reason',
      'e.ref_type',
      'e.ref_id',
      'e.balance_after',
      'e.created_at',
      'actor.name as actor_name',
      'rev.name as rule_name',
      'rev.category as rule_category',
      'reversal.id as reversed_by',
    ])
    .where('e.resident_id', '=', residentId)
    .orderBy('e.seq', 'desc')
    .limit(page.pageSize + 1)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  return { rows: rows.slice(0, page.pageSize), hasMore: rows.length > page.pageSize };
}
export type StatementRow = Awaited<ReturnType<typeof listStatement>>['rows'][number];

/**
 * The honour roll: points earned by rule (awards, less reversed awards) in [from, to), per
 * resident of a community. Spending never lowers anyone's place.
 */
export function leaderboard(db: Db, q: { communityId: number; from: string; to: string; limit: number }) {
  return (
    db
      .selectFrom('points_ledger')
      .innerJoin('residents', 'residents.id', 'points_ledger.resident_id')
      .select([
        'residents.id as resident_id',
        'residents.name',
        (eb) => eb.fn.sum<number>('points_ledger.delta').as('points'),
      ])
      .where('points_ledger.community_id', '=', q.communityId)
      // Whoever moved away or died leaves the roll; their points stay in the ledger.
      .where('residents.archived_at', 'is', null)
      .where('points_ledger.rule_id', 'is not', null)
      .where('points_ledger.created_at', '>=', q.from)
      .where('points_ledger.created_at', '<', q.to)
      .groupBy(['residents.id', 'residents.name'])
      .having((eb) => eb.fn.sum('points_ledger.delta'), '>', 0)
      .orderBy('points', 'desc')
      .orderBy('residents.id')
      .limit(q.limit)
      .execute()
  );
}

// Adjustments -----------------------------------------------------------------------------------

export async function insertAdjustment(
  trx: Trx,
  a: { residentId: number; communityId: number; delta: number; reason: string; requestedBy: number; at: string },
) {
  const row = await trx
    .insertInto('points_adjustments')
    .values({
      resident_id: a.residentId,
      community_id: a.communityId,
      delta: a.delta,
      reason: a.reason,
      status: 'pending',
      requested_by: a.requestedBy,
      requested_at: a.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findAdjustment(db: Db | Trx, id: number) {
  return db.selectFrom('points_adjustments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** pending → approved/rejected exactly once: the status condition makes a second decision a no-op. */
export async function decideAdjustment(
  trx: Trx,
  d: { id: number; status: 'approved' | 'rejected'; decidedBy: number; at: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('points_adjustments')
    .set({ status: d.status, decided_by: d.decidedBy, decided_at: d.at })
    .where('id', '=', d.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function linkAdjustmentEntry(trx: Trx, id: number, entryId: number): Promise<void> {
  await trx.updateTable('points_adjustments').set({ entry_id: entryId }).where('id', '=', id).execute();
}

export function listAdjustments(
  db: Db,
  filter: { communityIds: number[] | 'all'; status?: 'pending' | 'approved' | 'rejected' },
) {
  let q = db
    .selectFrom('points_adjustments as a')
    .innerJoin('residents', 'residents.id', 'a.resident_id')
    .innerJoin('users as requester', 'requester.id', 'a.requested_by')
    .leftJoin('users as decider', 'decider.id', 'a.decided_by')
    .select([
      'a.id',
      'a.resident_id',
      'residents.name as resident_name',
      'a.community_id',
      'a.delta',
      'a.reason',
      'a.status',
      'a.requested_by',
      'requester.name as requester_name',
      'a.requested_at',
      'decider.name as decider_name',
      'a.decided_at',
      'a.entry_id',
    ])
    .orderBy('a.id', 'desc')
    .limit(200);
  if (filter.communityIds !== 'all')
    q = q.where('a.community_id', 'in', filter.communityIds.length ? filter.communityIds : [-1]);
  if (filter.status) q = q.where('a.status', '=', filter.status);
  return q.execute();
}

// Integrity -------------------------------------------------------------------------------------

/**
 * Entries in chain order, a page at a time (keyset on resident, seq), for the integrity check. The row
 * value `(resident_id, seq) > (?, ?)` is one range seek on the (resident_id, seq) index; the spelled-out
 * `resident_id > ? OR (resident_id = ? AND seq > ?)` made SQLite rescan the index for every page.
 */
export function ledgerPage(db: Db, after: { residentId: number; seq: number }, size: number) {
  return db
    .selectFrom('points_ledger')
    .selectAll()
    .where((eb) => eb(eb.refTuple('resident_id', 'seq'), '>', eb.tuple(after.residentId, after.seq)))
    .orderBy('resident_id')
    .orderBy('seq')
    .limit(size)
    .execute();
}

export function allBalances(db: Db) {
  return db.selectFrom('points_balances').selectAll().orderBy('resident_id').execute();
}

/** Name and points of each rule as the version in force at `at` states them (for activity pages). */
export async function rulesInForce(
  db: Db | Trx,
  ruleIds: number[],
  at: string,
): Promise<Map<number, { name: string; points: number }>> {
  if (!ruleIds.length) return new Map();
  const rows = await db
    .selectFrom('points_rule_revisions')
    .innerJoin('points_rule_versions', 'points_rule_versions.id', 'points_rule_revisions.version_id')
    .select([
      'points_rule_revisions.rule_id',
      'points_rule_revisions.name',
      'points_rule_revisions.points',
      'points_rule_versions.version',
    ])
    .where('points_rule_revisions.rule_id', 'in', ruleIds)
    .where('points_rule_versions.effective_from', '<=', at)
    .orderBy('points_rule_versions.version')
    .execute();
  return new Map(rows.map((r) => [r.rule_id, { name: r.name, points: r.points }])); // later versions overwrite earlier ones
}

/** Points rules per community (开通向导: each community needs its rules). */
export async function ruleCountsByCommunity(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('points_rules')
    .select(['community_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('community_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.community_id), Number(r.n)]));
}

// Exports (导出) ---------------------------------------------------------------------------------

function ledgerForExport(db: Db) {
  return db
    .selectFrom('points_ledger as e')
    .innerJoin('residents as r', 'r.id', 'e.resident_id')
    .innerJoin('communities as c', 'c.id', 'e.community_id')
    .leftJoin('users as actor', 'actor.id', 'e.actor_user_id')
    .leftJoin('points_rule_revisions as rev', 'rev.id', 'e.rule_revision_id')
    .select([
      'e.id',
      'e.created_at',
      'r.name as resident_name',
      'r.member_code',
      'c.name as community_name',
      'e.kind',
      'e.delta',
      'e.balance_after',
      'rev.name as rule_name',
      'e.reason',
      'actor.name as actor_name',
    ]);
}
export type LedgerExportRow = Awaited<ReturnType<ReturnType<typeof ledgerForExport>['execute']>>[number];

/** One resident's whole statement, oldest first, in keyset pages over their chain (`seq`). */
export function statementForExport(db: Db, residentId: number) {
  return keysetPages<LedgerExportRow & { seq: number }>((after, limit) =>
    ledgerForExport(db)
      .select('e.seq')
      .where('e.resident_id', '=', residentId)
      .where('e.seq', '>', after?.seq ?? 0)
      .orderBy('e.seq')
      .limit(limit)
      .execute(),
  );
}

/**
 * The ledger of [from, to) for some communities (or all), in time order, in keyset pages on (created_at, id):
 * each page is a range of the (community_id, created_at) index, or of (created_at, id) county-wide.
 */
export function ledgerOfPeriodForExport(db: Db, filter: { communityIds: number[] | 'all'; from: string; to: string }) {
  return keysetPages<LedgerExportRow>((after, limit) => {
    let q = ledgerForExport(db).where('e.created_at', '<', filter.to);
    if (filter.communityIds !== 'all')
      q = q.where('e.community_id', 'in', filter.communityIds.length ? filter.communityIds : [-1]);
    q = after
      ? q.where((eb) =>
          eb.or([
            eb('e.created_at', '>', after.created_at),
            eb.and([eb('e.created_at', '=', after.created_at), eb('e.id', '>', after.id)]),
          ]),
        )
      : q.where('e.created_at', '>=', filter.from);
    return q.orderBy('e.created_at').orderBy('e.id').limit(limit).execute();
  });
}

// Opening balances (期初积分) ----------------------------------------------------------------------

export function pendingOpeningBatchOf(db: Db | Trx, residentId: number) {
  return db
    .selectFrom('opening_batch_rows')
    .innerJoin('opening_batches', 'opening_batches.id', 'opening_batch_rows.batch_id')
    .select('opening_batch_rows.batch_id')
    .where('opening_batch_rows.resident_id', '=', residentId)
    .where('opening_batches.status', '=', 'pending')
    .executeTakeFirst();
}

export async function insertOpeningBatch(
  trx: Trx,
  b: {
    rows: { row: number; residentId: number; communityId: number; points: number; note: string | null }[];
    total: number;
    createdBy: number;
    at: string;
  },
): Promise<number> {
  const { id } = await trx
    .insertInto('opening_batches')
    .values({ row_count: b.rows.length, total_points: b.total, created_by: b.createdBy, created_at: b.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let start = 0; start < b.rows.length; start += 500) {
    await trx
      .insertInto('opening_batch_rows')
      .values(
        b.rows.slice(start, start + 500).map((r) => ({
          batch_id: id,
          resident_id: r.residentId,
          community_id: r.communityId,
          row_number: r.row,
          points: r.points,
          note: r.note,
        })),
      )
      .execute();
  }
  return id;
}

export function findOpeningBatch(db: Db | Trx, id: number) {
  return db.selectFrom('opening_batches').selectAll().where('id', '=', id).executeTakeFirst();
}

export function openingBatchRows(db: Db | Trx, batchId: number) {
  return db
    .selectFrom('opening_batch_rows')
    .selectAll()
    .where('batch_id', '=', batchId)
    .orderBy('row_number')
    .execute();
}

export function openingBatchRowDetails(db: Db | Trx, batchId: number) {
  return db
    .selectFrom('opening_batch_rows')
    .innerJoin('residents', 'residents.id', 'opening_batch_rows.resident_id')
    .innerJoin('communities', 'communities.id', 'opening_batch_rows.community_id')
    .select([
      'opening_batch_rows.row_number',
      'opening_batch_rows.resident_id',
      'opening_batch_rows.points',
      'opening_batch_rows.note',
      'residents.name',
      'residents.member_code',
      'communities.name as community_name',
    ])
    .where('opening_batch_rows.batch_id', '=', batchId)
    .orderBy('opening_batch_rows.row_number')
    .execute();
}

/** pending → approved/rejected, once: false when someone decided first. */
export async function decideOpeningBatch(
  trx: Trx,
  d: { id: number; status: 'approved' | 'rejected'; decidedBy: number; at: string; rejectReason?: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('opening_batches')
    .set({ status: d.status, decided_by: d.decidedBy, decided_at: d.at, reject_reason: d.rejectReason ?? null })
    .where('id', '=', d.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The newest batches with a row in one of these communities (all: every batch), with who and which communities. */
export async function listOpeningBatches(db: Db | Trx, communityIds: number[] | 'all', onlyId?: number) {
  if (communityIds !== 'all' && !communityIds.length) return [];
  let query = db
    .selectFrom('opening_batches')
    .innerJoin('users as creator', 'creator.id', 'opening_batches.created_by')
    .leftJoin('users as decider', 'decider.id', 'opening_batches.decided_by')
    .select([
      'opening_batches.id',
      'opening_batches.status',
      'opening_batches.row_count',
      'opening_batches.total_points',
      'opening_batches.created_by',
      'creator.name as creator_name',
      'opening_batches.created_at',
      'opening_batches.decided_by',
      'decider.name as decider_name',
      'opening_batches.decided_at',
      'opening_batches.reject_reason',
    ])
    .orderBy('opening_batches.id', 'desc')
    .limit(100);
  if (onlyId !== undefined) query = query.where('opening_batches.id', '=', onlyId);
  if (communityIds !== 'all') {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('opening_batch_rows as r')
          .select('r.batch_id')
          .whereRef('r.batch_id', '=', 'opening_batches.id')
          .where('r.community_id', 'in', communityIds),
      ),
    );
  }
  const batches = await query.execute();
  if (!batches.length) return [];
  const communities = await db
    .selectFrom('opening_batch_rows')
    .innerJoin('communities', 'communities.id', 'opening_batch_rows.community_id')
    .select(['opening_batch_rows.batch_id', 'communities.id', 'communities.name'])
    .distinct()
    .where(
      'opening_batch_rows.batch_id',
      'in',
      batches.map((b) => b.id),
    )
    .orderBy('communities.id')
    .execute();
  return batches.map((b) => {
    const own = communities.filter((c) => c.batch_id === b.id);
    return { ...b, communityIds: own.map((c) => c.id), communityNames: own.map((c) => c.name) };
  });
}
