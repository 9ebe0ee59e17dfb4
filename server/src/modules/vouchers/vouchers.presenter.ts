import {
  countyDateTimeText,
  maskName,
  voucherStatusAt,
  type TMerchantOffer,
  type TMyVoucher,
  type TVoucherStatement,
  type TVoucherOffer,
  type TVoucherStatementRow,
} from '@zhongli/domain';
import type { OfferRow, redeemedInMonth, vouchersOfResident } from './vouchers.repository.js';

export function presentPublicOffer(o: OfferRow): TVoucherOffer {
  return {
    id: o.id,
    merchant: { id: o.merchant_id, name: o.merchant_name },
    communityId: o.community_id,
    title: o.title,
    faceValueFen: o.face_value_fen,
    pointsCost: o.points_cost,
    remaining: o.quantity - o.claimed,
    perResidentLimit: o.per_resident_limit,
    validUntil: o.valid_until,
  };
}

export function presentMerchantOffer(o: OfferRow): TMerchantOffer {
  return {
    ...presentPublicOffer(o),
    quantity: o.quantity,
    claimed: o.claimed,
    status: o.status,
    createdAt: o.created_at,
  };
}

type MyVoucher = Awaited<ReturnType<typeof vouchersOfResident>>[number];
export function presentMyVouchers({ vouchers, now }: { vouchers: MyVoucher[]; now: string }): TMyVoucher[] {
  return vouchers.map((v) => presentMyVoucher(v, now));
}

function presentMyVoucher(v: MyVoucher, now: string): TMyVoucher {
  return {
    id: v.id,
    code: v.code,
    status: voucherStatusAt({ status: v.status, expiresAt: v.expires_at }, now),
    title: v.title,
    faceValueFen: v.face_value_fen,
    merchant: { id: v.merchant_id, name: v.merchant_name, address: v.merchant_address },
    claimedAt: v.claimed_at,
    expiresAt: v.expires_at,
    redeemedAt: v.redeemed_at,
  };
}

type StatementRow = Awaited<ReturnType<typeof redeemedInMonth>>[number];
interface Statement {
  merchant: { id: number; name: string };
  month: string;
  rows: StatementRow[];
  totalFaceValueFen: number;
}

export function presentVoucherStatement(statement: Statement): TVoucherStatement {
  const vouchers = statement.rows.map(presentStatementRow);
  return {
    merchantId: statement.merchant.id,
    merchantName: statement.merchant.name,
    month: statement.month,
    count: vouchers.length,
    totalFaceValueFen: statement.totalFaceValueFen,
    vouchers,
  };
}

/** Codes shortened and names masked: the statement goes to the merchant's books, not to strangers. */
function presentStatementRow(r: StatementRow): TVoucherStatementRow {
  return {
    voucherId: r.id,
    codeTail: r.code.slice(-4),
    title: r.title,
    faceValueFen: r.face_value_fen,
    redeemedAt: r.redeemed_at,
    residentNameMasked: maskName(r.resident_name),
  };
}

/** The statement as CSV that Excel opens as UTF-8 (BOM), one voucher a line, the total last; county-local times. */
export function voucherStatementCsv(statement: Statement): { filename: string; csv: string } {
  const { merchantName, month, vouchers, totalFaceValueFen } = presentVoucherStatement(statement);
  const cell = (value: string | number) => `"${String(value).replaceAll('"', '""')}"`;
  const lines = [
    [cell(`${merchantName} ${month} 代金券核销对账单`)],
    ['核销时间', '代金券', '券码尾号', '居民', '面值（元）'].map(cell),
    ...vouchers.map((r) => [
      cell(r.redeemedAt ? countyDateTimeText(r.redeemedAt) : ''),
      cell(r.title),
      cell(r.codeTail),
      cell(r.residentNameMasked),
      cell((r.faceValueFen / 100).toFixed(2)),
    ]),
    [cell('合计'), cell(`${vouchers.length} 张`), cell(''), cell(''), cell((totalFaceValueFen / 100).toFixed(2))],
  ];
  return {
    filename: `voucher-statement-${statement.merchant.id}-${month}.csv`,
    csv: '\uFEFF' + lines.map((l) => l.join(',')).join('\r\n') + '\r\n',
  };
}
