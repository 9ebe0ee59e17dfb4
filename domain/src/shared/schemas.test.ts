import { describe, expect, it } from 'vitest';
import { zId, zLongText, zOptionalText, zPassword, zPattern, zQueryInt, zText } from './schemas.js';

describe('zId', () => {
  it('takes positive safe integers and their decimal digits', () => {
    expect(zId.parse(1)).toBe(1);
    expect(zId.parse('10')).toBe(10);
    expect(zId.parse('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each(['0x0a', ' 10', '10 ', '1e1', '10.0', '０１', '１０', '010', '0', '-1', '', '+1', '9007199254740992'])(
    'refuses the string %j',
    (raw) => {
      expect(zId.safeParse(raw).success).toBe(false);
    },
  );

  it.each([0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, true, null, [1], { id: 1 }])('refuses %j', (raw) => {
    const result = zId.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('编号应为正整数');
  });
});

describe('zQueryInt', () => {
  const page = zQueryInt('页码', 1, 100);
  it('takes decimal digits within the range', () => {
    expect(page.parse('1')).toBe(1);
    expect(page.parse('100')).toBe(100);
  });
  it.each(['0', '101', '0x10', ' 5', '5.0', '1e1', '５', ''])('refuses %j', (raw) => {
    expect(page.safeParse(raw).success).toBe(false);
  });
});

describe('text fields refuse control characters', () => {
  const name = zText('姓名', 30);
  it.each([
    '\u0000',
    'a\u0000b',
    '\u0001',
    '\u001b[31m',
    '\u007f',
    'a\nb',
    'a\tb',
    'a\rb',
    '\ud800',
    'x\udc00',
    '\u0085',
    '\u009f',
    'a\u2028b',
    '\u202e店药',
    '\u2066x\u2069',
  ])('one-line text refuses %j, naming the label', (raw) => {
    const result = name.safeParse(`李${raw}华`);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toContain('姓名不能包含控制字符');
  });

  it('drops surrounding whitespace before looking, so a pasted trailing line break or tab is not refused', () => {
    expect(name.parse('\t李桂兰\r\n')).toBe('李桂兰');
  });

  it('keeps ordinary text, emoji and full-width characters', () => {
    expect(name.parse(' 李桂兰😀 ')).toBe('李桂兰😀');
    expect(name.parse('Ｏ’Brien　张')).toBe('Ｏ’Brien　张');
  });

  it('a required text of only zero-width characters is empty', () => {
    for (const blank of ['\u200b', '\u200b\u200c\u200d', '\u2060', '\ufeff\u200b']) {
      expect(name.safeParse(blank).error?.issues.map((i) => i.message)).toContain('请填写姓名');
      expect(zLongText('原因', 20).safeParse(blank).success).toBe(false);
    }
    expect(name.parse('李\u200d华')).toBe('李\u200d华');
  });

  it('multi-line text keeps line breaks and tabs but refuses the other controls', () => {
    const reason = zLongText('原因', 200);
    expect(reason.parse('第一行\r\n第二行\t完')).toBe('第一行\r\n第二行\t完');
    expect(reason.safeParse('第一行\u0000').success).toBe(false);
    expect(reason.safeParse('\u000b').success).toBe(false);
    expect(reason.safeParse('\u001f').success).toBe(false);
    expect(reason.safeParse('第一行\u202e').success).toBe(false);
    expect(reason.parse('第一行\u2028第二行')).toBe('第一行\u2028第二行');
  });

  it('optional text, passwords and patterns refuse them too', () => {
    expect(zOptionalText('备注', 20).safeParse('a\u0000').success).toBe(false);
    expect(zOptionalText('备注', 20).parse(undefined)).toBeUndefined();
    expect(zPassword.safeParse('\u0000'.repeat(8)).success).toBe(false);
    expect(zPattern('时间', /^.{5}$/, '时间应为 HH:MM').safeParse('08\u00000').success).toBe(false);
  });
});
