import ExcelJS from 'exceljs';
import { idNumberCheckCharacter, OPENING_IMPORT_COLUMNS, RESIDENT_IMPORT_COLUMNS } from '@zhongli/domain';

/** Sheets as staff fill them in, and the multipart upload the console sends. */

export type ResidentCells = Partial<Record<(typeof RESIDENT_IMPORT_COLUMNS)[number]['key'], string>>;
export type OpeningCells = Partial<Record<(typeof OPENING_IMPORT_COLUMNS)[number]['key'], string>>;

/** A valid 18-character ID number: area 110105, the given birth date, sequence, check character. */
export function validIdNumber(birthDate: string, sequence = 1): string {
  const first17 = `110105${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckCharacter(first17);
}

/** The same ID number with a wrong check character. */
export function badChecksum(idNumber: string): string {
  const last = idNumber.slice(-1);
  return idNumber.slice(0, -1) + (last === '0' ? '1' : '0');
}

export function toFullWidth(text: string): string {
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}

/** A birth date per index: one day apart from 1940-01-01, so each index is a different person. */
export function birthDateFor(index: number): string {
  return new Date(Date.UTC(1940, 0, 1) + index * 86_400_000).toISOString().slice(0, 10);
}

export async function sheetFile<T extends Record<string, string | undefined>>(
  columns: readonly { key: string; header: string }[],
  rows: T[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('表1');
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, style: { numFmt: '@' } }));
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const residentsFile = (rows: ResidentCells[]) => sheetFile(RESIDENT_IMPORT_COLUMNS, rows);
export const openingFile = (rows: OpeningCells[]) => sheetFile(OPENING_IMPORT_COLUMNS, rows);

/** A multipart/form-data body with one `file` part and text fields, as a browser's FormData sends it. */
export function multipartBody(file: Buffer, fields: Record<string, string> = {}, filename = '导入.xlsx') {
  const boundary = `----zhongli${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(filename)}"\r\n` +
        'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
