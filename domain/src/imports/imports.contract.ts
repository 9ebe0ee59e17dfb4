import { z } from 'zod';
import { zId } from '../shared/schemas.js';

/** One bad row of an uploaded sheet: its row number in Excel, the column and why. */
export const ZImportRowError = z.object({ row: z.number().int(), field: z.string(), message: z.string() });
export type TImportRowError = z.infer<typeof ZImportRowError>;

/** What a dry run found (nothing is written): the rows read, those that would be written, every bad row. */
export const ZImportCheck = z.object({
  rows: z.number().int(),
  valid: z.number().int(),
  /** residents: new registrations; opening: rows in the batch */
  toCreate: z.number().int(),
  /** residents with 更新已有居民: existing residents changed */
  toUpdate: z.number().int(),
  /** opening: the sum of the batch's points */
  totalPoints: z.number().int(),
  errors: z.array(ZImportRowError),
});
export type TImportCheck = z.infer<typeof ZImportCheck>;

/** A residents import written (one transaction): its id names the batch for 打印会员卡. */
export const ZResidentImportDone = z.object({
  importId: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
});
export type TResidentImportDone = z.infer<typeof ZResidentImportDone>;

export const OPENING_BATCH_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const OPENING_BATCH_STATUS_LABELS: Record<(typeof OPENING_BATCH_STATUSES)[number], string> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '已驳回',
};

/** An opening-balance batch (期初积分): one upload, approved or rejected whole by a second staff member. */
export const ZOpeningBatch = z.object({
  id: z.number().int(),
  status: z.enum(OPENING_BATCH_STATUSES),
  statusLabel: z.string(),
  rowCount: z.number().int(),
  totalPoints: z.number().int(),
  communities: z.array(z.string()),
  createdBy: z.object({ id: z.number().int(), name: z.string() }),
  createdAt: z.string(),
  decidedBy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  decidedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
  /** whether the asking staff member may approve it (not the uploader, and every row in their scope) */
  canDecide: z.boolean(),
});
export type TOpeningBatch = z.infer<typeof ZOpeningBatch>;

export const ZOpeningBatchRow = z.object({
  row: z.number().int(),
  residentId: z.number().int(),
  name: z.string(),
  memberCode: z.string(),
  communityName: z.string(),
  points: z.number().int(),
  note: z.string().nullable(),
});
export const ZOpeningBatchDetail = ZOpeningBatch.extend({ rows: z.array(ZOpeningBatchRow) });
export type TOpeningBatchDetail = z.infer<typeof ZOpeningBatchDetail>;
export const ZOpeningBatchList = z.object({ batches: z.array(ZOpeningBatch) });
export type TOpeningBatchList = z.infer<typeof ZOpeningBatchList>;

/** An Excel file (a template to fill in). */
export const ZXlsxFile = z.string();
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const ZImportParams = z.object({ id: zId });
