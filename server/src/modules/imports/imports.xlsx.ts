import { inflateRawSync } from 'node:zlib';
import type ExcelJS from 'exceljs';
import {
  AppError,
  FIRST_DATA_ROW,
  isBlankRow,
  MAX_IMPORT_ROWS,
  normalizeCell,
  type ImportColumn,
  type TImportRowError,
} from '@zhongli/domain';

// Loaded on first use, not at start: importing exceljs costs about 0.9 s of CPU and most starts never need it.
const loadExcel = () => import('exceljs').then((m) => m.default);

/** Columns holding long digit strings: stored as text, or Excel turns 18 digits into 1.10105E+17. */
const TEXT_COLUMNS = new Set(['idNumber', 'phone', 'contactPhone', 'memberCode']);
/** Date columns: a date typed where Excel shows a plain number (General format) arrives as a serial number. */
const DATE_COLUMNS = new Set(['birthDate']);

/**
 * An Excel serial day number (1900 date system, as every Excel on Windows and WPS writes it) as YYYY-MM-DD;
 * whole numbers from 1900-03-01 (61) to 2099-12-31 (73050) only — anything else is left for the row check.
 */
export function excelSerialDate(serial: number): string | null {
  if (!Number.isInteger(serial) || serial < 61 || serial > 73050) return null;
  return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A template (模板下载): the sheet to fill in — Chinese headers, frozen header row, widths, text-formatted number
 * columns, one example row — and 填写说明 with what each column takes and the names of the actor's communities.
 */
export async function buildTemplate<Key extends string>(options: {
  sheetName: string;
  columns: readonly ImportColumn<Key>[];
  example: Record<Key, string>;
  notes: string[];
  communities: string[];
}): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'Zhongli';
  const sheet = workbook.addWorksheet(options.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = options.columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    style: TEXT_COLUMNS.has(c.key) ? { numFmt: '@' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(options.example);
  const help = workbook.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', key: 'header', width: 14 },
    { header: '填写说明', key: 'note', width: 70 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of options.columns) help.addRow({ header: c.header, note: c.note });
  help.addRow({});
  for (const note of options.notes) help.addRow({ header: '', note });
  if (options.communities.length) {
    help.addRow({});
    help.addRow({ header: '社区名称', note: options.communities.join('、') });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface SheetRows<Key extends string> {
  rows: { row: number; cells: Record<Key, string> }[];
  /** cells the file itself has spoiled (an ID number stored as a number has lost its last digits) */
  cellErrors: TImportRowError[];
}

const notXlsx = () => new AppError('NOT_AN_XLSX');

/**
 * What a workbook may expand to: 5,000 filled template rows are a few MB of XML; a zip bomb (a 2 MB upload
 * inflating to 400 MB) is refused before the parser builds anything.
 */
export const MAX_INFLATED_BYTES = 50 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 1000;

const tooLarge = () =>
  new AppError('VALIDATION_FAILED', {
    details: [{ field: 'file', message: '表格内容过大（解压后超过 50 MB），请删去多余内容或分成几个文件' }],
  });

/**
 * Walks the zip's central directory and inflates every entry with a ceiling on the output (zlib stops at
 * `maxOutputLength`), counting what it really expands to — the sizes the headers claim are not trusted.
 * Over `limit` in total: VALIDATION_FAILED; not a readable zip: NOT_AN_XLSX.
 */
export function ensureInflatedSizeWithin(bytes: Buffer, limit: number): void {
  let eocd = -1;
  for (let p = bytes.length - 22; p >= Math.max(0, bytes.length - 22 - 0xffff); p--) {
    if (bytes.readUInt32LE(p) === 0x06054b50) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw notXlsx();
  const entries = bytes.readUInt16LE(eocd + 10);
  if (entries > MAX_ZIP_ENTRIES) throw tooLarge();
  let p = bytes.readUInt32LE(eocd + 16);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) throw notXlsx();
    const method = bytes.readUInt16LE(p + 10);
    const compressed = bytes.readUInt32LE(p + 20);
    const local = bytes.readUInt32LE(p + 42);
    p += 46 + bytes.readUInt16LE(p + 28) + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50) throw notXlsx();
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    if (start + compressed > bytes.length) throw notXlsx();
    if (method === 0) total += compressed;
    else if (method === 8) {
      try {
        total += inflateRawSync(bytes.subarray(start, start + compressed), {
          maxOutputLength: Math.max(1, limit - total + 1),
        }).length;
      } catch (error) {
        if (error instanceof RangeError) throw tooLarge();
        throw notXlsx();
      }
    } else throw notXlsx();
    if (total > limit) throw tooLarge();
  }
}

/**
 * Reads the first sheet of an uploaded .xlsx: the header row names the columns (any order, unknown ones
 * ignored), every following non-blank row becomes normalised cells keyed by column. A file that is not an
 * xlsx workbook (a .xls, a CSV, a picture) is NOT_AN_XLSX; more than MAX_IMPORT_ROWS rows is refused.
 */
export async function readSheet<Key extends string>(
  bytes: Buffer,
  columns: readonly ImportColumn<Key>[],
  required: readonly Key[],
): Promise<SheetRows<Key>> {
  // an .xlsx is a zip archive: refuse anything else before handing it to the parser
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50) throw notXlsx();
  ensureInflatedSizeWithin(bytes, MAX_INFLATED_BYTES);
  const workbook = new (await loadExcel()).Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw notXlsx();
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw notXlsx();
  const byHeader = new Map(columns.map((c) => [c.header, c.key]));
  const positions = new Map<Key, number>();
  sheet.getRow(1).eachCell((cell, col) => {
    const key = byHeader.get(normalizeCell(cellValue(cell.value)).replace(/\s/g, ''));
    if (key && !positions.has(key)) positions.set(key, col);
  });
  const missing = required.filter((key) => !positions.has(key));
  if (missing.length) {
    const names = missing.map((key) => columns.find((c) => c.key === key)!.header).join('、');
    throw new AppError('VALIDATION_FAILED', {
      details: [{ field: 'file', message: `表格第1行缺少列：${names}（请使用下载的模板）` }],
    });
  }
  if (sheet.actualRowCount - 1 > MAX_IMPORT_ROWS) {
    throw new AppError('VALIDATION_FAILED', {
      details: [{ field: 'file', message: `一次最多导入 ${MAX_IMPORT_ROWS} 行，请分成几个文件` }],
    });
  }
  const rows: SheetRows<Key>['rows'] = [];
  const cellErrors: TImportRowError[] = [];
  for (let r = FIRST_DATA_ROW; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells = {} as Record<Key, string>;
    let spoiled = false;
    for (const c of columns) {
      const col = positions.get(c.key);
      const value = col ? row.getCell(col).value : null;
      if (typeof value === 'number' && TEXT_COLUMNS.has(c.key) && !Number.isSafeInteger(value)) {
        cellErrors.push({
          row: r,
          field: c.header,
          message: `${c.header}被 Excel 存成了数字，末几位已经丢失；请把这一列设为“文本”后重新填写`,
        });
        spoiled = true;
      }
      const shown = cellValue(value);
      const serialDate = typeof shown === 'number' && DATE_COLUMNS.has(c.key) ? excelSerialDate(shown) : null;
      cells[c.key] = serialDate ?? normalizeCell(shown);
    }
    if (isBlankRow(cells) || spoiled) continue;
    rows.push({ row: r, cells });
  }
  return { rows, cellErrors };
}

/** What a cell shows: rich text joined, a formula's result, a hyperlink's text, a date as YYYY-MM-DD. */
function cellValue(value: ExcelJS.CellValue): unknown {
  if (value == null || typeof value !== 'object' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('result' in value) return cellValue(value.result as ExcelJS.CellValue);
  if ('text' in value) return cellValue(value.text as ExcelJS.CellValue);
  return '';
}
