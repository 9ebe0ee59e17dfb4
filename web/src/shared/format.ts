/** Money (integer fen everywhere) and points, as people read them. */

/** 500 → '¥5.00' (statements, receipts). */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 500 → '5元', 850 → '8.5元', 1234 → '12.34元' (voucher faces, spoken style). */
export function formatYuan(fen: number): string {
  const yuan = (Math.round(fen) / 100).toFixed(2).replace(/\.?0+$/, '');
  return `${yuan}元`;
}

/**
 * What staff type in a 元 box → fen, or undefined when it is not an amount with at most two
 * decimals ('5' → 500, '8.5' → 850, '０.５' full-width → 50). Floating point never touches money.
 */
export function yuanToFen(input: string | number | null | undefined): number | undefined {
  if (input === null || input === undefined) return undefined;
  const text = String(input)
    .replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[¥￥元\s]/g, '');
  const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** +5 / −3 with a real minus sign (a hyphen is easy to miss for older eyes). */
export function signedPoints(delta: number): string {
  if (delta > 0) return `+${delta}`;
  if (delta < 0) return `−${Math.abs(delta)}`;
  return '0';
}
