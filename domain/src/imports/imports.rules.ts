import { toHalfWidth } from '../shared/text.js';

/**
 * What the Excel templates (模板下载) hold and how a cell is read, stated once for the server (which builds the
 * template and reads the upload) and the console (which explains the columns).
 */
export interface ImportColumn<Key extends string> {
  key: Key;
  header: string;
  /** what the instructions sheet says about the column */
  note: string;
  width: number;
}

export const RESIDENT_IMPORT_COLUMNS = [
  { key: 'name', header: '姓名', note: '必填，最多30字', width: 12 },
  { key: 'idNumber', header: '身份证号', note: '18位；与出生日期至少填一项，校验位错误的行会被指出', width: 22 },
  { key: 'birthDate', header: '出生日期', note: '没有身份证号时填写，如 1950-03-01；不能晚于今天', width: 12 },
  { key: 'phone', header: '手机号', note: '选填；填写后居民可用该手机号登录（密码由柜台另设）', width: 14 },
  { key: 'community', header: '社区', note: '必填，与系统中的社区名称完全一致', width: 14 },
  { key: 'contactPhone', header: '联系电话', note: '选填；没有手机的居民可填家人手机或座机', width: 14 },
  { key: 'contactNote', header: '联系电话备注', note: '选填，如“女儿”“座机”，最多20字', width: 12 },
] as const satisfies readonly ImportColumn<string>[];
export type ResidentImportKey = (typeof RESIDENT_IMPORT_COLUMNS)[number]['key'];

export const OPENING_IMPORT_COLUMNS = [
  { key: 'memberCode', header: '会员号', note: '会员号、身份证号、手机号填一项即可找到居民', width: 14 },
  { key: 'idNumber', header: '身份证号', note: '没有会员号时填写', width: 22 },
  { key: 'phone', header: '手机号', note: '没有会员号和身份证号时填写（居民的登录手机号）', width: 14 },
  { key: 'name', header: '姓名', note: '选填；填写后与系统中的姓名核对，不一致的行会被指出', width: 12 },
  { key: 'points', header: '期初积分', note: `必填，1 到 100000 的整数（纸质台账上的余额）`, width: 10 },
  { key: 'note', header: '备注', note: '选填，如“2025年纸质台账”，最多50字', width: 24 },
] as const satisfies readonly ImportColumn<string>[];
export type OpeningImportKey = (typeof OPENING_IMPORT_COLUMNS)[number]['key'];

/** The largest opening balance one row may carry. */
export const MAX_OPENING_POINTS = 100_000;
/** An upload is at most this big and this long: a county's largest community fits, a mistaken file does not. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 5_000;
/** The first data row of a template sheet (row 1 holds the headers). */
export const FIRST_DATA_ROW = 2;

/**
 * One cell as the import reads it: full-width digits and letters made half-width (１３８… → 138…), full-width
 * and repeated spaces made one, the ends trimmed. Empty means not filled in.
 */
export function normalizeCell(raw: unknown): string {
  if (raw == null) return '';
  const text = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw);
  return toHalfWidth(text).replace(/\s+/g, ' ').trim();
}

/** A row is blank (skipped, not an error) when every cell is empty. */
export function isBlankRow(cells: Record<string, string>): boolean {
  return Object.values(cells).every((value) => value === '');
}

/** Opening points as written on paper: digits only (commas allowed), 1 … MAX_OPENING_POINTS; null otherwise. */
export function parseOpeningPoints(raw: string): number | null {
  const digits = raw.replace(/[,，]/g, '');
  if (!/^\d{1,7}$/.test(digits)) return null;
  const points = Number(digits);
  return points >= 1 && points <= MAX_OPENING_POINTS ? points : null;
}
