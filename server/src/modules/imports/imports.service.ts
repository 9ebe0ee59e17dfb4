import {
  AppError,
  countyDateOf,
  OPENING_IMPORT_COLUMNS,
  RESIDENT_IMPORT_COLUMNS,
  type TImportCheck,
  type TImportRowError,
} from '@zhongli/domain';
import { isStaff, staffCommunityIds, type Actor } from '../../platform/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import { listCommunities } from '../communities/index.js';
import { checkOpeningImport, submitOpeningBatch, summariseOpeningCheck } from '../points/index.js';
import { checkResidentImport, importResidents, summariseResidentCheck } from '../residents/index.js';
import * as repo from './imports.repository.js';
import { buildTemplate, readSheet } from './imports.xlsx.js';

/**
 * The Excel layer of imports (导入): templates and reading an uploaded sheet. What a row means and what is written
 * belong to the modules that own the data — residents (registration) and points (opening balances); this module
 * turns a file into rows and their answers into row errors.
 */

async function communityNamesOf(deps: AppDeps, actor: Actor) {
  const scope = staffCommunityIds(actor);
  return (await listCommunities(deps)).filter((c) => scope === 'all' || scope.includes(c.id)).map((c) => c.name);
}

export async function residentsTemplate({ deps, actor }: { deps: AppDeps; actor: Actor }) {
  if (!isStaff(actor)) throw new AppError('FORBIDDEN');
  const communities = await communityNamesOf(deps, actor);
  return buildTemplate({
    sheetName: '居民',
    columns: RESIDENT_IMPORT_COLUMNS,
    // a valid example row (the check digit is right), to be overwritten
    example: {
      name: '张秀英',
      idNumber: '11010519491231002X',
      birthDate: '',
      phone: '',
      community: communities[0] ?? '',
      contactPhone: '13800001234',
      contactNote: '女儿',
    },
    notes: [
      '第2行是示例，请改成要导入的居民或删除后再上传。',
      '先上传“检查”，系统逐行指出有问题的行（行号、列和原因），不会写入任何数据；全部改正后再“确认导入”。',
      '确认导入时全部写入或全部不写入；勾选“更新已有居民”时，已登记的居民（按身份证号、再按手机号找到）会被更新。',
      '全角数字（１３８…）和多余空格会自动更正。',
    ],
    communities,
  });
}

export async function openingTemplate({ deps, actor }: { deps: AppDeps; actor: Actor }) {
  if (!isStaff(actor)) throw new AppError('FORBIDDEN');
  return buildTemplate({
    sheetName: '期初积分',
    columns: OPENING_IMPORT_COLUMNS,
    example: {
      memberCode: '',
      idNumber: '11010519491231002X',
      phone: '',
      name: '张秀英',
      points: '120',
      note: '纸质台账余额',
    },
    notes: [
      '第2行是示例，请改成纸质台账上的居民或删除后再上传。',
      '每位居民的期初积分只能录入一次。上传后生成一个待审核批次，须由另一位工作人员审核通过后才记入积分。',
    ],
    communities: await communityNamesOf(deps, actor),
  });
}

type Upload = { deps: AppDeps; actor: Actor; file: Buffer };

async function residentRows(file: Buffer) {
  return readSheet(file, RESIDENT_IMPORT_COLUMNS, ['name', 'community']);
}

async function openingRows(file: Buffer) {
  return readSheet(file, OPENING_IMPORT_COLUMNS, ['points']);
}

/**
 * Rows one account may have checked against the residents per county day (dry runs and imports together): a
 * whole template twice over with its import, far below what guessing ID numbers needs.
 */
export const IMPORT_CHECK_ROWS_PER_DAY = 20_000;

const CHECK_KINDS = {
  'residents.check': '核对居民表格',
  'residents.import': '导入居民表格',
  'opening.check': '核对期初积分表格',
  'opening.submit': '提交期初积分表格',
} as const;

/**
 * Every upload that looks rows up against the residents (ID numbers, phones, member codes) is audited — who,
 * which kind, how many rows — and reserved against the account's daily quota in the database BEFORE any
 * lookup (IMPORT_QUOTA_EXCEEDED once spent), so a sheet of guessed ID numbers is neither free nor unseen.
 */
async function reserveCheck(deps: AppDeps, actor: Actor, kind: keyof typeof CHECK_KINDS, rows: number) {
  await deps.db.transaction().execute(async (trx) => {
    const day = countyDateOf(deps.clock.now());
    if (!(await repo.reserveCheckRows(trx, { userId: actor.userId, day, rows, limit: IMPORT_CHECK_ROWS_PER_DAY })))
      throw new AppError('IMPORT_QUOTA_EXCEEDED');
    const scope = staffCommunityIds(actor);
    await recordAudit(trx, deps, actor, {
      action: 'import.check',
      targetType: 'user',
      targetId: actor.userId,
      communityId: scope === 'all' || scope.length !== 1 ? null : scope[0]!,
      summary: `${CHECK_KINDS[kind]}：${rows} 行`,
    });
  });
}

const byRow = (errors: TImportRowError[]) => [...errors].sort((a, b) => a.row - b.row);

/** The dry run: every bad row, nothing written. */
export async function checkResidentsFile({ deps, actor, file, updateExisting }: Upload & { updateExisting: boolean }) {
  if (!isStaff(actor)) throw new AppError('FORBIDDEN');
  const { rows, cellErrors } = await residentRows(file);
  await reserveCheck(deps, actor, 'residents.check', rows.length);
  const check = await checkResidentImport({ deps, actor, rows, updateExisting });
  const summary = summariseResidentCheck(rows.length + cellErrors.length, check);
  return { ...summary, errors: byRow([...cellErrors, ...summary.errors]) } satisfies TImportCheck;
}

export async function importResidentsFile({ deps, actor, file, updateExisting }: Upload & { updateExisting: boolean }) {
  if (!isStaff(actor)) throw new AppError('FORBIDDEN');
  const { rows, cellErrors } = await residentRows(file);
  if (cellErrors.length) throw new AppError('IMPORT_HAS_ERRORS', { extra: { errors: cellErrors } });
  await reserveCheck(deps, actor, 'residents.import', rows.length);
  return importResidents({ deps, actor, rows, updateExisting });
}

export async function checkOpeningFile({ deps, actor, file }: Upload) {
  if (!isStaff(actor)) throw new AppError('FORBIDDEN');
  const { rows, cellErrors } = await openingRows(file);
  await reserveCheck(deps, actor, 'opening.check', rows.length);
  const summary = summariseOpeningCheck(
    rows.length + cellErrors.length,
    await checkOpeningImport({ deps, actor, rows }),
  );
  return { ...summary, errors: byRow([...cellErrors, ...summary.errors]) } satisfies TImportCheck;
}

export async function submitOpeningFile({ deps, actor, file }: Upload) {
  if (!isStaff(actor)) throw new AppError('FORBIDDEN');
  const { rows, cellErrors } = await openingRows(file);
  if (cellErrors.length) throw new AppError('IMPORT_HAS_ERRORS', { extra: { errors: cellErrors } });
  await reserveCheck(deps, actor, 'opening.submit', rows.length);
  return submitOpeningBatch({ deps, actor, rows });
}
