import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';

// Loaded on first use, not at start: importing exceljs costs about 0.9 s of CPU and most starts never need it.
const loadExcel = () => import('exceljs').then((m) => m.default);

/**
 * The export kit: a list as an .xlsx streamed straight into the reply.
 *
 * Rows come from an async iterable (a repository's keyset-paged generator), each is written and committed as it
 * arrives by exceljs's streaming `WorkbookWriter`, and the writer waits whenever the reply's buffer is full, so a
 * 100,000-row sheet never sits in memory and a slow download slows the query down instead of piling rows up
 * (`npm run bench` measures the peak RSS). Times are written as the county's wall clock (Asia/Shanghai), never UTC.
 */

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The response schema of every export route: the media type and a string, as the voucher CSV declares it. */
export const ZXlsxFile = z.string().meta({ description: `${XLSX_MEDIA_TYPE}：Excel 导出文件` });

/**
 * What a column holds and so how the cell is written:
 * `text`, `integer`, `number` (a decimal such as hours), `points` (signed whole points), `yuan` (the value is fen, shown as 元 with two decimals),
 * `date` (`YYYY-MM-DD`, already a county date), `datetime` (an instant, shown as county-local date and time).
 */
export type XlsxKind = 'text' | 'integer' | 'number' | 'points' | 'yuan' | 'date' | 'datetime';

export interface XlsxColumn<Row> {
  header: string;
  key: keyof Row & string;
  width: number;
  kind: XlsxKind;
}

const COUNTY_OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai keeps +08:00 all year (no daylight saving since 1991)

/**
 * Number formats only where Excel's General would mislead: dates (a serial number otherwise), 元 (two decimals),
 * signed points. exceljs looks a style up for every styled cell, so text and plain integers stay unstyled: about
 * a third less time per row (`npm run bench`).
 */
const NUMBER_FORMATS: Record<XlsxKind, string | undefined> = {
  text: undefined,
  integer: undefined,
  number: undefined,
  points: '+0;-0;0',
  yuan: '0.00',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
};

/**
 * Excel cells have no time zone: a date-time cell is a wall clock. The county's wall clock of an instant is the
 * instant moved by +8 h and read as UTC, which is how exceljs turns a Date into a serial number.
 */
export function countyWallClock(instant: string | Date): Date {
  return new Date(new Date(instant).getTime() + COUNTY_OFFSET_MS);
}

/** A county date `YYYY-MM-DD` as the midnight Excel shows for it. */
function calendarDate(date: string): Date {
  return new Date(`${date.slice(0, 10)}T00:00:00Z`);
}

export function cellValue(kind: XlsxKind, value: unknown): string | number | Date | null {
  if (value === null || value === undefined || value === '') return null;
  switch (kind) {
    case 'text':
      return String(value);
    case 'integer':
    case 'number':
    case 'points':
      return Number(value);
    case 'yuan':
      return Number(value) / 100;
    case 'date':
      return calendarDate(String(value));
    case 'datetime':
      return countyWallClock(value as string | Date);
  }
}

/** `attachment` with an ASCII fallback and the Chinese name in RFC 5987 form (`filename*=UTF-8''…`). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export interface XlsxSheet<Row> {
  /** the file's name without `.xlsx`, in Chinese: `居民名单-2026-12-03` */
  filename: string;
  /** the worksheet's tab */
  sheetName: string;
  columns: readonly XlsxColumn<Row>[];
  rows: AsyncIterable<Row>;
}

/**
 * Writes the sheet into `out` row by row and ends it. Resolves with the number of data rows once the file is
 * complete. Exposed apart from the reply so the bench and tests can write into any stream.
 */
export async function writeXlsx<Row>(out: PassThrough, sheet: XlsxSheet<Row>): Promise<number> {
  // Deflate level 1: the file is ~15% larger than at the default 6 and written about twice as fast; it is
  // downloaded once over a county office's network, the CPU is shared with everything else on the server.
  const workbook = new (await loadExcel()).stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
    zip: { zlib: { level: 1 } },
  });
  const worksheet = workbook.addWorksheet(safeSheetName(sheet.sheetName), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
  });
  worksheet.columns = sheet.columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    ...(NUMBER_FORMATS[c.kind] ? { style: { numFmt: NUMBER_FORMATS[c.kind] } } : {}),
  }));
  const header = worksheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  let count = 0;
  for await (const row of sheet.rows) {
    worksheet.addRow(sheet.columns.map((c) => cellValue(c.kind, row[c.key]))).commit();
    count++;
    // The zip is piped into `out`: while nobody reads it, wait instead of buffering the rest of the sheet.
    if (out.writableNeedDrain) await drained(out);
  }
  worksheet.commit();
  await workbook.commit();
  return count;
}

/** Waits until the reader took what is buffered; throws when the download was cut (the rows' generator then ends). */
async function drained(out: PassThrough): Promise<void> {
  await new Promise<void>((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
  if (out.destroyed) throw new Error('the download was cut short');
}

/** Excel refuses sheet names longer than 31 characters or holding : \ / ? * [ ]. */
function safeSheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet1';
}

/**
 * Sends the sheet as the reply: the headers go now, the rows as they are read. A failure after the first bytes
 * cannot become an error answer any more: the download is cut (the browser reports it failed) and it is logged.
 */
export function sendXlsx<Row>(reply: FastifyReply, sheet: XlsxSheet<Row>): FastifyReply {
  const out = new PassThrough();
  writeXlsx(out, sheet).catch((error: unknown) => {
    reply.log.error({ err: error }, 'xlsx export failed while streaming');
    out.destroy(error as Error);
  });
  return reply
    .header('content-type', XLSX_MEDIA_TYPE)
    .header('content-disposition', contentDisposition(`${sheet.filename}.xlsx`))
    .send(out);
}
