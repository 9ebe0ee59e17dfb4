/**
 * Voucher codes: 12 characters from an alphabet without 0/O, 1/I/L — read aloud or typed at a
 * counter. The server draws and checks them; the shop's phone groups, checks and reads them from
 * a scan with the same rules.
 */
export const VOUCHER_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const VOUCHER_CODE_LENGTH = 12;
export const VOUCHER_CODE_PATTERN = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}$/;

/** What was typed or scanned, without spaces and dashes, upper case: 'abcd-efgh jkmn' → 'ABCDEFGHJKMN'. */
export function normalizeVoucherCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

export function makeVoucherCode(random: () => number = Math.random): string {
  let code = '';
  for (let i = 0; i < VOUCHER_CODE_LENGTH; i++)
    code += VOUCHER_CODE_ALPHABET[Math.floor(random() * VOUCHER_CODE_ALPHABET.length)];
  return code;
}

/** 'ABCDEFGHJKMN' → ['ABCD', 'EFGH', 'JKMN']: read aloud or typed four at a time. */
export function codeGroups(code: string): string[] {
  const clean = normalizeVoucherCode(code);
  const groups: string[] = [];
  for (let i = 0; i < clean.length; i += 4) groups.push(clean.slice(i, i + 4));
  return groups;
}

/** What the honour box shows while typing: upper case, grouped by four ('abcd-efgh j' → 'ABCD EFGH J'). */
export function formatCodeInput(raw: string): string {
  return codeGroups(raw.replace(/[^0-9a-zA-Z\s-]/g, '').slice(0, 40))
    .join(' ')
    .slice(0, 14);
}

export type CodeCheck = { ok: true; code: string } | { ok: false; message: string };

/**
 * The code as the server wants it, or why not: the alphabet has no 0/O/1/I/L, so a typed O or
 * I is named rather than silently "corrected".
 */
export function checkVoucherCode(raw: string): CodeCheck {
  const code = normalizeVoucherCode(raw);
  if (!code) return { ok: false, message: '请输入券码' };
  const confusable = code.match(/[01OIL]/);
  if (confusable) return { ok: false, message: `券码里没有 ${confusable[0]}（不用 0、O、1、I、L），请核对` };
  if (code.length !== VOUCHER_CODE_LENGTH) return { ok: false, message: `券码是12位，现在是${code.length}位` };
  if (!VOUCHER_CODE_PATTERN.test(code)) return { ok: false, message: '券码格式不正确（12位字母数字）' };
  return { ok: true, code };
}

/** A QR scan may carry the bare code or a link ending in it. */
export function codeFromScan(text: string): string {
  const trimmed = text.trim();
  const tail =
    trimmed
      .split(/[/=?#]/)
      .filter(Boolean)
      .pop() ?? trimmed;
  return normalizeVoucherCode(tail);
}
