import QRCode from 'qrcode';
import {
  AppError,
  checkIdNumber,
  countyDateOf,
  ID_NUMBER_PROBLEM_MESSAGES,
  makeMemberCode,
  isValidMemberCode,
  normalizeMemberCode,
  compareCalendarDates,
  ARCHIVE_REASON_LABELS,
  type TResidentArchive,
  type TResidentCreate,
  type TResidentListQuery,
  maskPhone,
  maskContactPhone,
  type TResidentSetPassword,
  type TResidentUpdate,
} from '@zhongli/domain';
import { isCenterAdmin, staffCommunityIds, type Actor } from '../../platform/actor.js';
import type { AppDeps, Db, Trx } from '../../platform/deps.js';
import type { XlsxColumn, XlsxSheet } from '../../platform/xlsx.js';
import { uniqueKeyOf } from '../../platform/db-errors.js';
import { auditedExport, recordAudit } from '../audit/index.js';
import { centerOf, findCommunity } from '../communities/index.js';
import {
  canManageLogin,
  checkNewPassword,
  createLogin,
  ensureCanManageLogin,
  forgetCachedSessions,
  findLoginByPhone,
  hashPassword,
  isPhoneTaken,
  setLoginPassword,
  setLoginProfile,
} from '../accounts/index.js';
import * as repo from './residents.repository.js';
import { idNumberDigest } from './identity.js';
import { canExportFullPhone, canManageResident, canRegisterIn, canViewResident } from './residents.policy.js';

const MEMBER_CODE_ATTEMPTS = 5;

const phoneTaken = () => new AppError('PHONE_TAKEN', { details: [{ field: 'phone', message: '该手机号已被登记' }] });
const residentExists = () =>
  new AppError('RESIDENT_EXISTS', { details: [{ field: 'idNumber', message: '该身份证号的居民已登记' }] });

/**
 * Registers a resident at the desk (or from a phone form). The ID number is checked, reduced to
 * the birth date, gender and a masked form, and remembered only as a keyed digest that finds a
 * second registration of the same person.
 */
export async function registerResident({ deps, actor, data }: { deps: AppDeps; actor: Actor; data: TResidentCreate }) {
  const today = countyDateOf(deps.clock.now());
  const identity = resolveIdentity(data, today, deps.idDigestKey);

  if (!(await findCommunity(deps.db, data.communityId))) {
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'communityId', message: '社区不存在' }] });
  }
  if (!canRegisterIn(actor, data.communityId)) throw new AppError('FORBIDDEN');
  // One phone, one account: a phone that signs in to a volunteer or staff account gets the resident
  // record linked to that login (no second account); a phone that is already a resident's is taken.
  // Friendly early answers; the unique keys (users.phone, residents.user_id) are the guarantee.
  const existingLogin = data.phone ? await findLoginByPhone(deps.db, data.phone) : undefined;
  if (existingLogin?.hasResident) throw phoneTaken();
  // The desk then manages that login's password and phone (setResidentPassword, updateResident): it links only a
  // login it may fully manage, or its own. Any other (the center admin's, another community's staff) is linked
  // by the center or by its owner — else registering a resident on an admin's phone would hand the desk the admin.
  if (existingLogin && existingLogin.id !== actor.userId && !(await canManageLogin(deps.db, actor, existingLogin.id))) {
    throw new AppError('PHONE_TAKEN', {
      details: [{ field: 'phone', message: '该手机号已有账号，请由中心管理员或账号本人登记居民信息' }],
      extra: { existingUser: { id: existingLogin.id, nameMasked: existingLogin.nameMasked } },
    });
  }
  if (existingLogin && data.password) {
    throw new AppError('VALIDATION_FAILED', {
      details: [
        { field: 'password', message: '该手机号已有账号，居民记录将关联到该账号，请用原密码登录，不用另设密码' },
      ],
    });
  }
  if (identity.digest && (await repo.findByIdNumberDigest(deps.db, identity.digest))) throw residentExists();

  const passwordHash = data.password ? await hashPassword(data.password) : null;
  for (let attempt = 1; ; attempt++) {
    const memberCode = makeMemberCode();
    try {
      return await deps.db.transaction().execute(async (trx) => {
        const id = await writeRegistration(trx, deps, actor, {
          data,
          identity,
          memberCode,
          existingLoginId: existingLogin?.id ?? null,
          passwordHash,
          summary: `登记居民 ${data.name}（会员号 ${memberCode}）${existingLogin ? '，关联已有账号' : ''}`,
        });
        return { id, memberCode, linkedToExistingAccount: existingLogin != null };
      });
    } catch (error) {
      // A member code drawn twice: draw again. Phone and ID-number clashes are answered centrally (db-errors.ts).
      if (uniqueKeyOf(error) === 'residents(member_code)' && attempt < MEMBER_CODE_ATTEMPTS) continue;
      throw error;
    }
  }
}

/**
 * The registration's writes inside the caller's transaction — the login (unless one is linked), the resident row,
 * its audit entry — shared by the desk (`registerResident`) and the Excel import, which has checked everything.
 */
export async function writeRegistration(
  trx: Trx,
  deps: AppDeps,
  actor: Actor,
  r: {
    data: TResidentCreate;
    identity: ReturnType<typeof resolveIdentity>;
    memberCode: string;
    existingLoginId: number | null;
    passwordHash: string | null;
    summary: string;
  },
): Promise<number> {
  const { data, identity } = r;
  const userId =
    r.existingLoginId ??
    (data.phone
      ? await createLogin(trx, deps, { name: data.name, phone: data.phone, passwordHash: r.passwordHash })
      : null);
  const id = await repo.insertResident(trx, {
    communityId: data.communityId,
    userId,
    name: data.name,
    memberCode: r.memberCode,
    birthDate: identity.birthDate,
    gender: identity.gender,
    idNumberMasked: identity.masked,
    idNumberDigest: identity.digest,
    contactPhone: data.contactPhone ?? null,
    contactNote: data.contactPhone ? (data.contactNote ?? null) : null,
    createdBy: actor.userId,
    at: deps.clock.now().toISOString(),
  });
  await recordAudit(trx, deps, actor, {
    action: 'resident.register',
    targetType: 'resident',
    targetId: id,
    communityId: data.communityId,
    onBehalfResidentId: id,
    summary: r.summary,
  });
  return id;
}

export function resolveIdentity(data: TResidentCreate, today: string, digestKey: string) {
  if (data.idNumber) {
    const result = checkIdNumber(data.idNumber, today);
    if (!result.ok) {
      throw new AppError('VALIDATION_FAILED', {
        details: [{ field: 'idNumber', message: ID_NUMBER_PROBLEM_MESSAGES[result.problem] }],
      });
    }
    if (data.birthDate && data.birthDate !== result.birthDate) {
      throw new AppError('VALIDATION_FAILED', {
        details: [{ field: 'birthDate', message: `出生日期与身份证号不一致（身份证为 ${result.birthDate}）` }],
      });
    }
    return {
      birthDate: result.birthDate,
      gender: result.gender,
      masked: result.masked,
      digest: idNumberDigest(digestKey, result.normalized),
    };
  }
  const birthDate = data.birthDate!;
  if (compareCalendarDates(birthDate, today) > 0) {
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'birthDate', message: '出生日期不能晚于今天' }] });
  }
  if (birthDate < '1890-01-01') {
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'birthDate', message: '出生日期过早，请核对' }] });
  }
  return { birthDate, gender: null, masked: null, digest: null };
}

export async function listResidents({
  deps,
  actor,
  query,
}: {
  deps: AppDeps;
  actor: Actor;
  query: TResidentListQuery;
}) {
  const scope = staffCommunityIds(actor);
  if (query.communityId && scope !== 'all' && !scope.includes(query.communityId)) throw new AppError('FORBIDDEN');
  return repo.searchResidents(deps.db, { communityIds: scope, ...query });
}

/**
 * A resident by id, for the modules that act for or on one (points, shop, vouchers, activities, services): who,
 * in which community, born when. Inside the caller's transaction when given one; no policy — the caller decides
 * who may act.
 */
export function findResident(db: Db | Trx, id: number): Promise<repo.ResidentRecord | undefined> {
  return repo.findResidentRecord(db, id);
}

/**
 * Refuses to act for an archived resident (moved away or deceased): bookings, sign-ups, check-ins, the shop
 * and vouchers call it right after finding the resident. Reading their history stays allowed.
 */
export function ensureActiveResident(resident: { archived_at: string | null }): void {
  if (resident.archived_at) throw new AppError('RESIDENT_ARCHIVED');
}

/**
 * A resident by their ID number (checked and reduced to its keyed digest, never stored), like `findResident`;
 * undefined when the number is not valid or nobody has it.
 */
export async function findResidentByIdNumber(deps: AppDeps, raw: string): Promise<repo.ResidentRecord | undefined> {
  const result = checkIdNumber(raw, '9999-12-31');
  if (!result.ok) return undefined;
  const match = await repo.findByIdNumberDigest(deps.db, idNumberDigest(deps.idDigestKey, result.normalized));
  return match ? repo.findResidentRecord(deps.db, match.id) : undefined;
}

/** The resident whose login has this (normalised) phone, like `findResident`. */
export function findResidentByPhone(db: Db | Trx, phone: string): Promise<repo.ResidentRecord | undefined> {
  return repo.findResidentRecordByPhone(db, phone);
}

/** The resident record a login carries, if any (a volunteer barber who is also a resident). */
export function findResidentOfLogin(db: Db | Trx, userId: number): Promise<repo.ResidentRecord | undefined> {
  return repo.findResidentRecordOfUser(db, userId);
}

/** A resident by the member code on their card (already normalised), like `findResident`. */
export function findResidentByMemberCode(db: Db | Trx, memberCode: string): Promise<repo.ResidentRecord | undefined> {
  return repo.findResidentRecordByMemberCode(db, memberCode);
}

export async function getResident({ deps, actor, residentId }: { deps: AppDeps; actor: Actor; residentId: number }) {
  const resident = await repo.findResident(deps.db, residentId);
  if (!resident) throw new AppError('NOT_FOUND');
  if (!canViewResident(actor, resident)) throw new AppError('FORBIDDEN');
  return resident;
}

/**
 * The desk's scanner reads the member code off a card (as typed, scanned or read from its QR code: normalised
 * first); a mistyped code fails its check digit before any lookup.
 */
export async function findResidentByCode({ deps, actor, scanned }: { deps: AppDeps; actor: Actor; scanned: string }) {
  const memberCode = normalizeMemberCode(scanned) ?? scanned;
  if (!isValidMemberCode(memberCode)) {
    throw new AppError('VALIDATION_FAILED', {
      details: [{ field: 'memberCode', message: '会员号不正确（10位数字，请核对）' }],
    });
  }
  const resident = await repo.findResidentByMemberCode(deps.db, memberCode);
  if (!resident) throw new AppError('NOT_FOUND', { message: '没有找到该会员号的居民' });
  if (!canViewResident(actor, resident)) throw new AppError('FORBIDDEN');
  // An old card of someone who moved away or died: the desk is told why, instead of serving them.
  ensureActiveResident(resident);
  return resident;
}

export async function getMemberCard({ deps, actor, residentId }: { deps: AppDeps; actor: Actor; residentId: number }) {
  const resident = await getResident({ deps, actor, residentId });
  const center = await centerOf(deps);
  const qrSvg = await QRCode.toString(resident.member_code, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return { resident, centerName: center.name, qrSvg };
}

/** What every change to one resident is given: the change itself is `data`. */
type ResidentChange<T> = { deps: AppDeps; actor: Actor; residentId: number; data: T };

/** The resident this staff member may change (their community's, or any for the center). */
async function managedResident(deps: AppDeps, actor: Actor, residentId: number) {
  const resident = await repo.findResident(deps.db, residentId);
  if (!resident) throw new AppError('NOT_FOUND');
  if (!canManageResident(actor, resident)) throw new AppError('FORBIDDEN');
  return resident;
}

/**
 * Gives a desk-registered resident a login: a phone (if they had none) and a password. A login that also holds a
 * role the actor could not grant (linked by the center) is not theirs to set: FORBIDDEN.
 */
export async function setResidentPassword({ deps, actor, residentId, data }: ResidentChange<TResidentSetPassword>) {
  const resident = await managedResident(deps, actor, residentId);
  if (resident.user_id && !(await canManageLogin(deps.db, actor, resident.user_id))) throw new AppError('FORBIDDEN');
  if (!resident.user_id && !data.phone) {
    throw new AppError('VALIDATION_FAILED', {
      details: [{ field: 'phone', message: '该居民没有登记手机号，请先填写手机号' }],
    });
  }
  if (!resident.user_id && data.phone && (await isPhoneTaken(deps.db, data.phone))) throw phoneTaken();
  // Against the login's own phone and roles (a resident may also volunteer: then the staff rule applies).
  const grade = await checkNewPassword(deps.db, {
    password: data.password,
    userId: resident.user_id,
    phone: data.phone,
    field: 'password',
  });
  const passwordHash = await hashPassword(data.password);
  await deps.db.transaction().execute(async (trx) => {
    if (resident.user_id) {
      await ensureCanManageLogin(trx, actor, resident.user_id);
      // signs the resident out everywhere: whoever knew the old password no longer gets in
      await setLoginPassword(trx, deps, { userId: resident.user_id, passwordHash, ...grade });
    } else {
      const userId = await createLogin(trx, deps, { name: resident.name, phone: data.phone!, passwordHash });
      await repo.linkUser(trx, resident.id, userId);
    }
    await recordAudit(trx, deps, actor, {
      action: 'resident.set_password',
      targetType: 'resident',
      targetId: resident.id,
      communityId: resident.community_id,
      onBehalfResidentId: resident.id,
      summary: `为居民 ${resident.name} 设置登录密码`,
    });
  });
  forgetCachedSessions(deps);
}

/**
 * Name, phone and community. A move changes only the resident's community: the points ledger (whose entries
 * keep the community they were earned in), bookings and history stay as they are. Staff must serve both the
 * old and the new community. A new phone becomes the login's (one is created, without a password, for a
 * resident who had none); a phone another login has is PHONE_TAKEN. The login's phone and name are changed
 * only by whoever may manage that login (FORBIDDEN otherwise, like the password).
 */
export async function updateResident({ deps, actor, residentId, data }: ResidentChange<TResidentUpdate>) {
  const resident = await managedResident(deps, actor, residentId);
  ensureActiveResident(resident);
  if (data.communityId !== undefined) {
    if (!(await findCommunity(deps.db, data.communityId))) {
      throw new AppError('VALIDATION_FAILED', { details: [{ field: 'communityId', message: '社区不存在' }] });
    }
    if (!canRegisterIn(actor, data.communityId)) throw new AppError('FORBIDDEN');
  }
  const newPhone = data.phone !== undefined && data.phone !== resident.phone ? data.phone : undefined;
  const newName = data.name !== undefined && data.name !== resident.name ? data.name : undefined;
  const loginId = resident.user_id;
  const touchesLogin = loginId !== null && (newPhone !== undefined || newName !== undefined);
  if (touchesLogin && !(await canManageLogin(deps.db, actor, loginId))) throw new AppError('FORBIDDEN');
  if (newPhone && (await isPhoneTaken(deps.db, newPhone))) throw phoneTaken();
  const contact = contactChange(resident, data);
  await deps.db.transaction().execute(async (trx) => {
    let userId: number | undefined;
    if (resident.user_id) {
      if (touchesLogin) await ensureCanManageLogin(trx, actor, resident.user_id);
      await setLoginProfile(trx, resident.user_id, { name: newName, phone: newPhone });
    } else if (newPhone) {
      userId = await createLogin(trx, deps, { name: data.name ?? resident.name, phone: newPhone, passwordHash: null });
    }
    await repo.updateResident(trx, resident.id, { name: data.name, communityId: data.communityId, userId, ...contact });
    const changes = [
      data.name !== undefined && data.name !== resident.name ? `姓名 ${resident.name} → ${data.name}` : null,
      newPhone ? '手机号已更换' : null,
      contact.contactPhone === null && resident.contact_phone ? '删除联系电话' : null,
      contact.contactPhone ? '联系电话已更换' : null,
      contact.contactNote !== undefined && contact.contactPhone === undefined ? '联系电话备注已修改' : null,
      data.communityId !== undefined && data.communityId !== resident.community_id
        ? `迁入 ${(await findCommunity(trx, data.communityId))?.name ?? ''}（原 ${resident.community_name}）`
        : null,
    ].filter(Boolean);
    await recordAudit(trx, deps, actor, {
      action: 'resident.update',
      targetType: 'resident',
      targetId: resident.id,
      communityId: data.communityId ?? resident.community_id,
      onBehalfResidentId: resident.id,
      summary: `修改居民 ${data.name ?? resident.name} 的信息${changes.length ? `：${changes.join('；')}` : ''}`,
    });
  });
}

/**
 * What an edit does to the contact phone: null removes it with its note; a note needs a number to
 * belong to (the new one or the one on file). Unchanged values are left out, so the audit names only
 * real changes.
 */
function contactChange(
  resident: { contact_phone: string | null; contact_note: string | null },
  data: TResidentUpdate,
): { contactPhone?: string | null; contactNote?: string | null } {
  if (data.contactPhone === null) return resident.contact_phone ? { contactPhone: null, contactNote: null } : {};
  const phone = data.contactPhone !== resident.contact_phone ? data.contactPhone : undefined;
  if (data.contactNote != null && !(data.contactPhone ?? resident.contact_phone)) {
    throw new AppError('VALIDATION_FAILED', {
      details: [{ field: 'contactNote', message: '备注写给联系电话，请先填写联系电话' }],
    });
  }
  const note =
    data.contactNote !== undefined && data.contactNote !== resident.contact_note ? data.contactNote : undefined;
  return {
    ...(phone !== undefined ? { contactPhone: phone } : {}),
    ...(note !== undefined ? { contactNote: note } : {}),
  };
}

/** Archives a resident as moved away or deceased; nothing is deleted. A second archiving is refused. */
export async function archiveResident({ deps, actor, residentId, data }: ResidentChange<TResidentArchive>) {
  const resident = await managedResident(deps, actor, residentId);
  if (compareCalendarDates(data.date, countyDateOf(deps.clock.now())) > 0) {
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'date', message: '日期不能晚于今天' }] });
  }
  await deps.db.transaction().execute(async (trx) => {
    const at = deps.clock.now().toISOString();
    const archived = await repo.archiveResident(trx, resident.id, {
      reason: data.reason,
      date: data.date,
      note: data.note ?? null,
      at,
    });
    if (!archived) throw new AppError('RESIDENT_ARCHIVED');
    await recordAudit(trx, deps, actor, {
      action: 'resident.archive',
      targetType: 'resident',
      targetId: resident.id,
      communityId: resident.community_id,
      onBehalfResidentId: resident.id,
      summary: `归档居民 ${resident.name}：${ARCHIVE_REASON_LABELS[data.reason]}（${data.date}）${data.note ? `，${data.note}` : ''}`,
    });
  });
}

/** Only the center brings an archived resident back (a mistaken archiving, a return). */
export async function unarchiveResident({
  deps,
  actor,
  residentId,
}: {
  deps: AppDeps;
  actor: Actor;
  residentId: number;
}) {
  if (!isCenterAdmin(actor)) throw new AppError('FORBIDDEN');
  const resident = await repo.findResident(deps.db, residentId);
  if (!resident) throw new AppError('NOT_FOUND');
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.unarchiveResident(trx, resident.id))) throw new AppError('RESIDENT_NOT_ARCHIVED');
    await recordAudit(trx, deps, actor, {
      action: 'resident.unarchive',
      targetType: 'resident',
      targetId: resident.id,
      communityId: resident.community_id,
      onBehalfResidentId: resident.id,
      summary: `恢复已归档的居民 ${resident.name}`,
    });
  });
}

type ResidentExportRow = {
  id: number;
  member_code: string;
  name: string;
  gender: string | null;
  birth_date: string;
  community_name: string;
  phone: string | null;
  contact_phone: string | null;
  created_at: string;
  archived_at: string | null;
};

const RESIDENT_COLUMNS: XlsxColumn<ResidentExportRow>[] = [
  { header: '会员号', key: 'member_code', width: 14, kind: 'text' },
  { header: '姓名', key: 'name', width: 12, kind: 'text' },
  { header: '性别', key: 'gender', width: 6, kind: 'text' },
  { header: '出生日期', key: 'birth_date', width: 12, kind: 'date' },
  { header: '社区', key: 'community_name', width: 16, kind: 'text' },
  { header: '手机号', key: 'phone', width: 14, kind: 'text' },
  { header: '联系电话', key: 'contact_phone', width: 16, kind: 'text' },
  { header: '登记时间', key: 'created_at', width: 18, kind: 'datetime' },
  { header: '迁出/已故时间', key: 'archived_at', width: 18, kind: 'datetime' },
];

/**
 * The residents list as Excel, with the list's filters and scope. Phones in full only where `canExportFullPhone`
 * says so, masked otherwise.
 */
export async function exportResidents({
  deps,
  actor,
  query,
}: {
  deps: AppDeps;
  actor: Actor;
  query: Omit<TResidentListQuery, 'page' | 'pageSize'>;
}): Promise<XlsxSheet<ResidentExportRow>> {
  const scope = staffCommunityIds(actor);
  if (query.communityId && scope !== 'all' && !scope.includes(query.communityId)) throw new AppError('FORBIDDEN');
  const community = query.communityId ? await findCommunity(deps.db, query.communityId) : undefined;
  const rows = async function* () {
    for await (const r of repo.residentsForExport(deps.db, { communityIds: scope, ...query })) {
      const full = canExportFullPhone(actor, r);
      yield {
        ...r,
        gender: r.gender === 'male' ? '男' : r.gender === 'female' ? '女' : null,
        phone: r.phone && !full ? maskPhone(r.phone) : r.phone,
        contact_phone: r.contact_phone && !full ? maskContactPhone(r.contact_phone) : r.contact_phone,
      };
    }
  };
  const what = query.archived === '1' ? '居民名单（迁出/已故）' : '居民名单';
  const filters = { 社区: community?.name ?? query.communityId ?? '全部可见社区', 搜索: query.q };
  return {
    filename: `${what}-${community?.name ?? '全部'}-${countyDateOf(deps.clock.now())}`,
    sheetName: '居民名单',
    columns: RESIDENT_COLUMNS,
    rows: auditedExport(
      deps,
      actor,
      { what, filters, targetType: 'residents', communityId: query.communityId },
      rows(),
    ),
  };
}
