import { z } from 'zod';
import { COMMON_PASSWORDS } from './commonPasswords.js';

/**
 * The password rule, for every place a password is set (accounts staff create, changing one's own, a
 * resident's at the desk or at registration, ADMIN_PASSWORD). Everyone: 8 to 128 characters, no control
 * characters, not only spaces, not one character or a short piece repeated, not a run like 12345678 or
 * abcdefgh, not one of the common passwords, not containing the account's phone. Accounts with a role
 * (center admin, community staff, volunteer, merchant — anyone who signs in to the console or the merchant
 * desk and so sees or moves other people's data or points) also need 10 characters and two kinds of
 * character among letters, digits and symbols. Residents' own logins have only the first rule: many are
 * elderly and sign in on their own phone, where the known-device throttle already protects them.
 */
export const PASSWORD_MIN = 8;
export const STAFF_PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

export const PASSWORD_MESSAGES = {
  TYPE: '密码应为文字',
  TOO_SHORT: `密码至少${PASSWORD_MIN}位`,
  TOO_LONG: `密码不能超过${PASSWORD_MAX}位`,
  CONTROL: '密码不能包含控制字符',
  BLANK: '密码不能全是空格',
  REPEATED: '密码不能是同一个字符或同一小段的重复，请换一个',
  SEQUENCE: '密码不能是连续的数字或字母（如12345678、abcdefgh），请换一个',
  COMMON: '密码太常见，请换一个',
  GUESSABLE: '密码太容易猜到（常见词或本平台的名字加上数字、符号），请换一个',
  FEW_CHARACTERS: '密码用到的字符太少，请换一个',
  PHONE: '密码不能包含手机号',
  STAFF: `工作人员账号的密码至少${STAFF_PASSWORD_MIN}位，并包含字母、数字、符号中的至少两类`,
} as const;

// C0 and C1 controls and DEL: they cannot be typed, and a NUL breaks PostgreSQL text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** What is wrong with a password whatever the account, or undefined: the length and the trivial forms. */
export function passwordProblem(password: string): string | undefined {
  if (CONTROL.test(password)) return PASSWORD_MESSAGES.CONTROL;
  const length = [...password].length;
  if (length < PASSWORD_MIN) return PASSWORD_MESSAGES.TOO_SHORT;
  if (length > PASSWORD_MAX) return PASSWORD_MESSAGES.TOO_LONG;
  if (!password.trim()) return PASSWORD_MESSAGES.BLANK;
  if (isRepetition(password)) return PASSWORD_MESSAGES.REPEATED;
  if (isRun(password)) return PASSWORD_MESSAGES.SEQUENCE;
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return PASSWORD_MESSAGES.COMMON;
  if (new Set(password.toLowerCase()).size < 4) return PASSWORD_MESSAGES.FEW_CHARACTERS;
  if (isGuessable(password)) return PASSWORD_MESSAGES.GUESSABLE;
  return undefined;
}

/** Words a guesser tries first here: the platform's own name (and its demo password), the county, the obvious. */
const OWN_WORDS = new Set([
  'zhongli',
  'wenxi',
  'shequ',
  'zhongxin',
  'admin',
  'administrator',
  'root',
  'test',
  'welcome',
  'letmein',
  'woaini',
  'iloveyou',
  'qwer',
  'qwerty',
  'asdf',
  'zxcv',
  'password',
]);
const LEET: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '0': 'o',
  '1': 'i',
  '!': 'i',
  '3': 'e',
  $: 's',
  '5': 's',
  '7': 't',
};

/**
 * A common word dressed up: capitalised, with digits or symbols before or after it, letters swapped for
 * look-alikes (P@ssw0rd123, Zhongli2026!, Qwerty12345, Abc123456!). What is left once the dressing is taken
 * off is a common password, one of OWN_WORDS, or three letters or fewer. Passwords without Latin letters
 * (digits, Chinese characters) are left to the other rules.
 */
function isGuessable(password: string): boolean {
  const core = password
    .toLowerCase()
    .replace(/^[^a-z]+/, '')
    .replace(/[^a-z]+$/, '');
  if (!core) return false; // digits, Chinese characters: the other rules apply
  const plain = [...core].map((c) => LEET[c] ?? c).join('');
  return core.length <= 3 || [core, plain].some((word) => COMMON_PASSWORDS.has(word) || OWN_WORDS.has(word));
}

/**
 * What is wrong with a password for one account, or undefined: `passwordProblem`, then its phone (normalised,
 * 11 digits) and, for an account with a role, the stronger minimum.
 */
export function accountPasswordProblem(
  password: string,
  account: { phone?: string | null; staff: boolean },
): string | undefined {
  const general = passwordProblem(password);
  if (general) return general;
  if (account.phone && containsPhone(password, account.phone)) return PASSWORD_MESSAGES.PHONE;
  if (account.staff && ([...password].length < STAFF_PASSWORD_MIN || characterKinds(password) < 2))
    return PASSWORD_MESSAGES.STAFF;
  return undefined;
}

/** The shared building block: length and the trivial forms; forms that know the account add the rest. */
export const zPassword = z.string({ error: PASSWORD_MESSAGES.TYPE }).superRefine((password, ctx) => {
  const problem = passwordProblem(password);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The whole password is one piece of up to four characters said again and again: aaaaaaaa, 12121212, abcabcabc. */
function isRepetition(password: string): boolean {
  const chars = [...password.toLowerCase()];
  for (let size = 1; size <= 4; size++) {
    if (chars.length % size !== 0 || chars.length === size) continue;
    if (chars.every((c, i) => c === chars[i % size])) return true;
  }
  return false;
}

/** Every character is the one before it plus one, or minus one: 12345678, 87654321, abcdefgh. */
function isRun(password: string): boolean {
  const codes = [...password.toLowerCase()].map((c) => c.codePointAt(0)!);
  const step = codes[1]! - codes[0]!;
  if (step !== 1 && step !== -1) return false;
  return codes.every((code, i) => i === 0 || code - codes[i - 1]! === step);
}

function containsPhone(password: string, phone: string): boolean {
  const digits = password.replace(/\D/g, '');
  return digits.includes(phone) || password.includes(phone.slice(3));
}

function characterKinds(password: string): number {
  const letters = /\p{L}/u.test(password) ? 1 : 0;
  const digits = /\p{N}/u.test(password) ? 1 : 0;
  const symbols = /[^\p{L}\p{N}]/u.test(password) ? 1 : 0;
  return letters + digits + symbols;
}

/**
 * For a form's superRefine: the account's part of the rule, at `path`, once the password passed
 * `zPassword` (so one problem is reported once). Values that failed their own fields are skipped.
 */
export function checkAccountPassword(
  ctx: z.RefinementCtx,
  path: string,
  password: unknown,
  account: { phone?: unknown; staff: boolean },
): void {
  if (typeof password !== 'string' || passwordProblem(password)) return;
  const phone = typeof account.phone === 'string' ? account.phone : undefined;
  const problem = accountPasswordProblem(password, { phone, staff: account.staff });
  if (problem) ctx.addIssue({ code: 'custom', path: [path], message: problem });
}
