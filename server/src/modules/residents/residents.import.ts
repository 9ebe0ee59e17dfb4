import QRCode from 'qrcode';
import {
  AppError,
  countyDateOf,
  countyInstant,
  makeMemberCode,
  normalizeIdNumber,
  RESIDENT_IMPORT_COLUMNS,
  ZResidentCreate,
  type ResidentImportKey,
  type TImportCheck,
  type TImportRowError,
  type TResidentCreate,
} from '@zhongli/domain';
import { canStaffCommunity, isStaff, staffCommunityIds, type Actor } from '../../platform/actor.js';
import type { AppDeps, Trx } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import { canManageLogin, createLogin, ensureCanManageLogin, findLoginsByPhones } from '../accounts/index.js';
import { centerOf, listCommunities } from '../communities/index.js';
import * as repo from './residents.repository.js';
import { resolveIdentity, writeRegistration } from './residents.service.js';

/** One data row of an uploaded residents sheet: its Excel row number and its cells, normalised. */
export interface ResidentImportRow {
  row: number;
  cells: Record<ResidentImportKey, string>;
}

type Identity = ReturnType<typeof resolveIdentity>;
type ExistingResident = NonNullable<Awaited<ReturnType<typeof repo.findResident>>>;

/** What one valid row will do: register someone new, or (更新已有居民) change someone already registered. */
type RowPlan =
  | { kind: 'create'; row: number; data: TResidentCreate; identity: Identity; existingLoginId: number | null }
  | { kind: 'update'; row: number; data: TResidentCreate; resident: ExistingResident; createLogin: boolean };

const HEADER: Record<string, string> = Object.fromEntries(RESIDENT_IMPORT_COLUMNS.map((c) => [c.key, c.header]));

class RowProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks every row as the desk's registration (`registerResident`) checks one — the same schema, ID-number rules
 * against today's county date, one phone one account, one ID number one resident — plus duplicates within the
 * file, and says for each bad row which column and why. Reads only; the import calls it again before writing.
 */
export async function checkResidentImport({
  deps,
  actor,
  rows,
  updateExisting,
}: {
  deps: AppDeps;
  actor: Actor;
  rows: ResidentImportRow[];
  updateExisting: boolean;
}): Promise<{ plans: RowPlan[]; errors: TImportRowError[] }> {
  if (!isStaff(actor)) throw new AppError('FORBIDDEN');
  const today = countyDateOf(deps.clock.now());
  const communities = new Map((await listCommunities(deps)).map((c) => [c.name, c.id]));
  const errors: TImportRowError[] = [];
  const seenIds = new Map<string, number>();
  const seenPhones = new Map<string, number>();
  const parsed: { row: number; data: TResidentCreate; identity: Identity }[] = [];
  for (const { row, cells } of rows) {
    try {
      const data = parseRow(cells, communities, actor);
      const identity = resolveRowIdentity(data, today, deps.idDigestKey);
      if (data.idNumber) {
        const normalized = normalizeIdNumber(data.idNumber);
        const first = seenIds.get(normalized);
        if (first) throw new RowProblem(HEADER.idNumber!, `与第${first}行的身份证号重复`);
        seenIds.set(normalized, row);
      }
      if (data.phone) {
        const first = seenPhones.get(data.phone);
        if (first) throw new RowProblem(HEADER.phone!, `与第${first}行的手机号重复`);
        seenPhones.set(data.phone, row);
      }
      parsed.push({ row, data, identity });
    } catch (error) {
      if (error instanceof RowProblem) errors.push({ row, field: error.field, message: error.message });
      else throw error;
    }
  }
  // the database's side of every row in two queries per 500 rows, not three per row
  const known: Known = {
    logins: await findLoginsByPhones(deps.db, [...seenPhones.keys()]),
    digests: await repo.residentsByDigests(
      deps.db,
      parsed.flatMap((p) => (p.identity.digest ? [p.identity.digest] : [])),
    ),
  };
  const plans: RowPlan[] = [];
  for (const item of parsed) {
    try {
      plans.push(await planRow(deps, actor, known, { ...item, updateExisting }));
    } catch (error) {
      if (error instanceof RowProblem) errors.push({ row: item.row, field: error.field, message: error.message });
      else throw error;
    }
  }
  errors.sort((x, y) => x.row - y.row);
  return { plans, errors };
}

/** The dry run's answer: counts and the bad rows, nothing written. */
export function summariseResidentCheck(rows: number, check: Awaited<ReturnType<typeof checkResidentImport>>) {
  return {
    rows,
    valid: check.plans.length,
    toCreate: check.plans.filter((p) => p.kind === 'create').length,
    toUpdate: check.plans.filter((p) => p.kind === 'update').length,
    totalPoints: 0,
    errors: check.errors,
  } satisfies TImportCheck;
}

function parseRow(cells: Record<ResidentImportKey, string>, communities: Map<string, number>, actor: Actor) {
  if (!cells.community) throw new RowProblem(HEADER.community!, '请填写社区');
  const communityId = communities.get(cells.community);
  if (!communityId) throw new RowProblem(HEADER.community!, `没有名为“${cells.community}”的社区`);
  if (!canStaffCommunity(actor, communityId)) throw new RowProblem(HEADER.community!, '只能导入本社区的居民');
  const candidate = {
    name: cells.name,
    communityId,
    ...(cells.phone ? { phone: cells.phone.replace(/\s/g, '') } : {}),
    ...(cells.idNumber ? { idNumber: cells.idNumber.replace(/\s/g, '') } : {}),
    ...(cells.birthDate ? { birthDate: cells.birthDate } : {}),
    ...(cells.contactPhone ? { contactPhone: cells.contactPhone } : {}),
    ...(cells.contactNote ? { contactNote: cells.contactNote } : {}),
  };
  if (!candidate.name) throw new RowProblem(HEADER.name!, '姓名不能为空');
  const parsed = ZResidentCreate.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? 'name');
    throw new RowProblem(HEADER[key] ?? key, issue.message);
  }
  return parsed.data;
}

function resolveRowIdentity(data: TResidentCreate, today: string, digestKey: string): Identity {
  try {
    return resolveIdentity(data, today, digestKey);
  } catch (error) {
    if (error instanceof AppError && error.details?.[0]) {
      const { field, message } = error.details[0];
      throw new RowProblem(HEADER[field] ?? field, message);
    }
    throw error;
  }
}

/** Against the database: who the row is (a new resident, an existing one to update) and whether the phone is free. */
interface Known {
  logins: Awaited<ReturnType<typeof findLoginsByPhones>>;
  digests: Map<string, number>;
}

async function planRow(
  deps: AppDeps,
  actor: Actor,
  known: Known,
  {
    row,
    data,
    identity,
    updateExisting,
  }: { row: number; data: TResidentCreate; identity: Identity; updateExisting: boolean },
): Promise<RowPlan> {
  const login = data.phone ? known.logins.get(data.phone) : undefined;
  const byId = identity.digest ? known.digests.get(identity.digest) : undefined;
  const byPhone = !byId && login?.hasResident ? await repo.findResidentRecordOfUser(deps.db, login.id) : undefined;
  const matchId = byId ?? byPhone?.id;
  if (matchId) {
    const resident = (await repo.findResident(deps.db, matchId))!;
    // someone outside the actor's scope: one answer, whichever column matched and whatever else is wrong,
    // so a sheet of guesses does not learn which row is whose
    if (!canStaffCommunity(actor, resident.community_id)) throw new RowProblem(HEADER.name!, OUT_OF_REACH);
    if (!updateExisting) {
      throw byId
        ? new RowProblem(HEADER.idNumber!, '该身份证号的居民已登记（可勾选“更新已有居民”）')
        : new RowProblem(HEADER.phone!, '该手机号已被登记（可勾选“更新已有居民”）');
    }
    if (!byId) await ensureSamePerson(deps, resident, identity);
    if (resident.archived_at) throw new RowProblem(HEADER.name!, '该居民已归档（迁出或已故），不能更新');
    if (data.phone && resident.phone && data.phone !== resident.phone)
      throw new RowProblem(HEADER.phone!, '与已登记的手机号不同，更换手机号请在居民页办理');
    if (data.phone && !resident.user_id && login) throw new RowProblem(HEADER.phone!, '该手机号已被其他账号使用');
    if (resident.user_id && data.name !== resident.name && !(await canManageLogin(deps.db, actor, resident.user_id)))
      throw new RowProblem(HEADER.name!, '该居民的账号由中心管理，改名请联系中心管理员');
    return { kind: 'update', row, data, resident, createLogin: !!data.phone && !resident.user_id };
  }
  if (login?.hasResident) throw new RowProblem(HEADER.phone!, '该手机号已被登记');
  if (login && login.id !== actor.userId && !(await canManageLogin(deps.db, actor, login.id)))
    throw new RowProblem(HEADER.phone!, '该手机号已有账号，请由中心管理员或账号本人登记居民信息');
  return { kind: 'create', row, data, identity, existingLoginId: login?.id ?? null };
}

/** What a row matching someone outside the actor's communities is told (never which column matched). */
const OUT_OF_REACH = '无法导入此行，请到居民所在社区办理';

/**
 * A resident found by the row's phone only: the row's ID number (and birth date) must be theirs, or the row
 * would rename one person with another's details (and drop the other's ID number).
 */
async function ensureSamePerson(deps: AppDeps, resident: ExistingResident, identity: Identity) {
  if (identity.digest) {
    const digest = await repo.residentIdDigest(deps.db, resident.id);
    if (digest !== identity.digest)
      throw new RowProblem(
        HEADER.idNumber!,
        digest
          ? '身份证号与该手机号登记的居民不一致'
          : '该手机号登记的居民没有登记身份证号，请在居民页核对后补充，不能由导入填写',
      );
  }
  if (identity.birthDate && resident.birth_date && identity.birthDate !== resident.birth_date)
    throw new RowProblem(HEADER.birthDate ?? HEADER.idNumber!, '出生日期与该手机号登记的居民不一致');
}

/**
 * The import: checks every row again (a dry run is never trusted), refuses the whole file while any row is bad
 * (IMPORT_HAS_ERRORS with the rows), and otherwise writes everything in ONE transaction through the registration
 * path's own steps — logins, member codes, the resident rows, one audit entry each — so a failure on any row,
 * including a clash only the database sees, leaves nothing written.
 */
export async function importResidents(options: {
  deps: AppDeps;
  actor: Actor;
  rows: ResidentImportRow[];
  updateExisting: boolean;
}) {
  const { deps, actor } = options;
  const { plans, errors } = await checkResidentImport(options);
  if (errors.length) throw new AppError('IMPORT_HAS_ERRORS', { extra: { errors } });
  if (!plans.length)
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'file', message: '表格中没有要导入的行' }] });
  const codes = await drawMemberCodes(deps, plans.filter((p) => p.kind === 'create').length);
  return deps.db.transaction().execute(async (trx) => {
    const at = deps.clock.now().toISOString();
    const written: { residentId: number; row: number; outcome: 'created' | 'updated' }[] = [];
    for (const plan of plans) {
      if (plan.kind === 'create') {
        const memberCode = codes.pop()!;
        const linked = plan.existingLoginId ? '，关联已有账号' : '';
        const residentId = await writeRegistration(trx, deps, actor, {
          ...plan,
          memberCode,
          passwordHash: null,
          summary: `批量导入登记居民 ${plan.data.name}（会员号 ${memberCode}，第${plan.row}行）${linked}`,
        });
        written.push({
          residentId,
          row: plan.row,
          outcome: 'created',
        });
      } else {
        await updateRow(trx, deps, actor, plan);
        written.push({ residentId: plan.resident.id, row: plan.row, outcome: 'updated' });
      }
    }
    const created = written.filter((w) => w.outcome === 'created').length;
    const importId = await repo.insertImport(trx, {
      createdBy: actor.userId,
      at,
      created,
      updated: written.length - created,
    });
    await repo.insertImportRows(trx, importId, written);
    const scope = staffCommunityIds(actor);
    await recordAudit(trx, deps, actor, {
      action: 'resident.import',
      targetType: 'resident_import',
      targetId: importId,
      communityId: scope === 'all' || scope.length !== 1 ? null : scope[0]!,
      summary: `批量导入居民：新登记 ${created} 人，更新 ${written.length - created} 人`,
    });
    return { importId, created, updated: written.length - created };
  });
}

async function updateRow(trx: Trx, deps: AppDeps, actor: Actor, plan: Extract<RowPlan, { kind: 'update' }>) {
  const { data, resident } = plan;
  if (resident.user_id && data.name !== resident.name) await ensureCanManageLogin(trx, actor, resident.user_id);
  const userId = plan.createLogin
    ? await createLogin(trx, deps, { name: data.name, phone: data.phone!, passwordHash: null })
    : undefined;
  const applied = await repo.updateResidentAsPlanned(
    trx,
    { id: resident.id, communityId: resident.community_id, name: resident.name, userId: resident.user_id },
    {
      name: data.name,
      communityId: data.communityId,
      userId,
      ...(data.contactPhone ? { contactPhone: data.contactPhone, contactNote: data.contactNote ?? null } : {}),
    },
  );
  // archived, moved or renamed since the check: the whole import rolls back, naming the row
  if (!applied)
    throw new AppError('IMPORT_ROW_CHANGED', {
      details: [{ field: `rows.${plan.row}`, message: `第${plan.row}行 ${resident.name} 的信息在导入期间被修改` }],
    });
  await recordAudit(trx, deps, actor, {
    action: 'resident.update',
    targetType: 'resident',
    targetId: resident.id,
    communityId: data.communityId,
    onBehalfResidentId: resident.id,
    summary: `批量导入更新居民 ${data.name}（第${plan.row}行）`,
  });
}

/** Fresh member codes, none already taken nor drawn twice; the unique key stays the guarantee. */
async function drawMemberCodes(deps: AppDeps, count: number): Promise<string[]> {
  const codes = new Set<string>();
  while (codes.size < count) {
    const batch = new Set<string>();
    while (batch.size < Math.min(count - codes.size, 500)) {
      const code = makeMemberCode();
      if (!codes.has(code)) batch.add(code);
    }
    const taken = new Set(await repo.takenMemberCodes(deps.db, [...batch]));
    for (const code of batch) if (!taken.has(code)) codes.add(code);
  }
  return [...codes];
}

/** The card sheet (会员卡批量打印): one import's residents, or those registered since a date, with their QR codes. */
export async function memberCardSheet({
  deps,
  actor,
  importId,
  since,
  communityId,
}: {
  deps: AppDeps;
  actor: Actor;
  importId?: number;
  since?: string;
  communityId?: number;
}) {
  if (!isStaff(actor)) throw new AppError('FORBIDDEN');
  if (communityId && !canStaffCommunity(actor, communityId)) throw new AppError('FORBIDDEN');
  if (importId === undefined && since === undefined)
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'since', message: '请选择登记日期或一次导入' }] });
  const residents = await repo.residentsForCards(deps.db, {
    importId,
    since: since === undefined ? undefined : countyInstant(since),
    communityIds: communityId ? [communityId] : staffCommunityIds(actor),
    limit: MAX_CARDS,
  });
  const center = await centerOf(deps);
  const cards = await Promise.all(
    residents.map(async (r) => ({
      residentId: r.id,
      name: r.name,
      memberCode: r.member_code,
      communityName: r.community_name,
      qrSvg: await QRCode.toString(r.member_code, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }),
    })),
  );
  return { centerName: center.name, cards, truncated: residents.length === MAX_CARDS };
}

/** 40 A4 pages of 10 cards: a sheet beyond that is better printed in parts. */
const MAX_CARDS = 400;
