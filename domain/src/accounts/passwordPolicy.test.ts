import { describe, expect, it } from 'vitest';
import { ZResidentCreate, ZResidentSetPassword } from '../residents/residents.schemas.js';
import { ZChangePassword, ZUserCreate } from './accounts.schemas.js';
import { COMMON_PASSWORDS } from './commonPasswords.js';
import { accountPasswordProblem, PASSWORD_MESSAGES as M, passwordProblem } from './passwordPolicy.js';

const PHONE = '13912345678';

describe('passwordProblem: every account', () => {
  it.each([
    ['12345678', M.SEQUENCE],
    ['password', M.COMMON],
    ['PassWord', M.COMMON],
    ['qwertyui', M.COMMON],
    ['11111111', M.REPEATED],
    ['a1234567', M.COMMON],
    ['woaini1314', M.COMMON],
    ['1qaz2wsx', M.COMMON],
    ['88888888', M.REPEATED],
    ['12121212', M.REPEATED],
    ['abcabcabc', M.REPEATED],
    ['abcdefgh', M.SEQUENCE],
    ['87654321', M.SEQUENCE],
    ['        ', M.BLANK],
    ['\u0000'.repeat(8), M.CONTROL],
    ['good-pass\u0000word', M.CONTROL],
    ['tab\there-pass', M.CONTROL],
    ['1234567', M.TOO_SHORT],
    ['x'.repeat(129), M.TOO_LONG],
  ])('refuses %j', (password, message) => {
    expect(passwordProblem(password)).toBe(message);
  });

  it.each(['tongcheng2026', 'test-password-1', 'resident-pass-1', 'abcd1235x', '我家住在桐城路口', '1234 5678 hello'])(
    'accepts %j',
    (password) => {
      expect(passwordProblem(password)).toBeUndefined();
    },
  );

  it('bundles a few hundred common passwords, each long enough to pass the length rule, lower-case', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(200);
    for (const common of COMMON_PASSWORDS) {
      expect(common.length).toBeGreaterThanOrEqual(8);
      expect(common).toBe(common.toLowerCase());
    }
  });

  it('counts characters, not UTF-16 units: eight Chinese characters are enough, seven are not', () => {
    expect(passwordProblem('春眠不觉晓处处')).toBe(M.TOO_SHORT);
    expect(passwordProblem('春眠不觉晓处处闻')).toBeUndefined();
  });
});

describe('passwordProblem: guessable passwords (found by trying them on staff accounts)', () => {
  it.each([
    'zhongli2026',
    'Zhongli2026',
    'Zhongli2026!',
    'Qwerty12345',
    'P@ssw0rd123',
    'Abc123456!',
    '1234567890a',
    '2026Wenxi!!',
    'Admin@2026',
  ])("refuses %j: a common word or this platform's name dressed up", (password) => {
    expect(passwordProblem(password)).toBe(M.GUESSABLE);
  });

  it.each(['a1a1a1a1a1b', '        1a', '11223311'])('refuses %j: too few different characters', (password) => {
    expect(passwordProblem(password)).toBe(M.FEW_CHARACTERS);
  });

  it.each(['Tiger-lily-7', 'test-password-1', 'senior-pass-65', '73926418', '学习强国每天打卡', 'wo-de-mi-ma-9'])(
    'keeps %j',
    (password) => {
      expect(passwordProblem(password)).toBeUndefined();
    },
  );
});

describe('accountPasswordProblem: the account', () => {
  it("refuses the account's own phone, alone or inside", () => {
    expect(accountPasswordProblem(PHONE, { phone: PHONE, staff: false })).toBe(M.PHONE);
    expect(accountPasswordProblem(`wang${PHONE}`, { phone: PHONE, staff: false })).toBe(M.PHONE);
    expect(accountPasswordProblem('139-1234-5678', { phone: PHONE, staff: false })).toBe(M.PHONE);
    expect(accountPasswordProblem('x12345678y', { phone: PHONE, staff: false })).toBe(M.PHONE); // its last eight digits
    expect(accountPasswordProblem('13912340000', { phone: PHONE, staff: false })).toBeUndefined();
  });

  it('asks accounts with a role for ten characters of two kinds, at the edge', () => {
    expect(accountPasswordProblem('abcdefghjk', { staff: true })).toBe(M.STAFF); // one kind
    expect(accountPasswordProblem('tongche26', { staff: true })).toBe(M.STAFF); // nine
    expect(accountPasswordProblem('tongche261', { staff: true })).toBeUndefined(); // ten, letters and digits
    expect(accountPasswordProblem('冬日暖阳照我家门口!', { staff: true })).toBeUndefined(); // letters and a symbol
    expect(accountPasswordProblem('tongche26', { staff: false })).toBeUndefined();
  });

  it('reports the general problem first', () => {
    expect(accountPasswordProblem('12345678', { phone: PHONE, staff: true })).toBe(M.SEQUENCE);
  });
});

describe('the forms', () => {
  const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
    (result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]);

  it('creating an account: the staff rule and the phone, one message for the password field', () => {
    const base = { name: '王芳', phone: PHONE, roles: [{ role: 'center_admin' }] };
    expect(issues(ZUserCreate.safeParse({ ...base, password: 'password' }))).toEqual([['password', M.COMMON]]);
    expect(issues(ZUserCreate.safeParse({ ...base, password: 'tongche26' }))).toEqual([['password', M.STAFF]]);
    expect(issues(ZUserCreate.safeParse({ ...base, password: `my${PHONE}home` }))).toEqual([['password', M.PHONE]]);
    expect(ZUserCreate.safeParse({ ...base, password: 'tongcheng2026' }).success).toBe(true);
  });

  it("a resident's password: the phone, without the staff rule", () => {
    const base = { name: '赵秀英', communityId: 1, birthDate: '1950-01-01', phone: PHONE };
    expect(issues(ZResidentCreate.safeParse({ ...base, password: PHONE }))).toEqual([['password', M.PHONE]]);
    expect(ZResidentCreate.safeParse({ ...base, password: 'tongche26' }).success).toBe(true);
    expect(issues(ZResidentSetPassword.safeParse({ phone: PHONE, password: `${PHONE}0` }))).toEqual([
      ['password', M.PHONE],
    ]);
    expect(issues(ZChangePassword.safeParse({ currentPassword: 'x', newPassword: '        ' }))).toEqual([
      ['newPassword', M.BLANK],
    ]);
  });
});
