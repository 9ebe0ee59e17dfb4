// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { nextTick, ref } from 'vue';
import { idNumberFeedback, useIdNumberFeedback } from './useIdNumberFeedback';
import { phoneFeedback } from './usePhoneFeedback';

const TODAY = '2025-11-17';

describe('ID number feedback at the desk', () => {
  it('says nothing for an empty field and only counts while typing', () => {
    expect(idNumberFeedback('', TODAY)).toEqual({ state: 'empty', message: '' });
    expect(idNumberFeedback('110105', TODAY)).toMatchObject({ state: 'typing', message: '已输入6位，共18位' });
  });

  it('shows birth date, age and gender for a valid number', () => {
    const feedback = idNumberFeedback('11010519491231002X', TODAY);
    expect(feedback.state).toBe('valid');
    expect(feedback.birthDate).toBe('1949-12-31');
    expect(feedback.age).toBe(75);
    expect(feedback.gender).toBe('female');
    expect(feedback.message).toBe('出生日期 1949年12月31日，75周岁，女');
  });

  it('accepts full-width digits and a lower-case x', () => {
    expect(idNumberFeedback('１１０１０５１９４９１２３１００２ｘ', TODAY)).toMatchObject({
      state: 'valid',
      normalized: '11010519491231002X',
    });
    expect(idNumberFeedback('11010519491231002x', TODAY)).toMatchObject({
      state: 'valid',
      normalized: '11010519491231002X',
    });
  });

  it('names the specific problem', () => {
    expect(idNumberFeedback('110105194912310021', TODAY)).toMatchObject({
      state: 'invalid',
      message: '身份证号校验位不正确，请核对是否输错',
    });
    expect(idNumberFeedback('110105194902300021', TODAY)).toMatchObject({
      state: 'invalid',
      message: '身份证号中的出生日期不存在',
    });
    expect(idNumberFeedback('11010520301231002X', TODAY)).toMatchObject({
      state: 'invalid',
      message: '身份证号中的出生日期晚于今天',
    });
    expect(idNumberFeedback('1101051949123100A', TODAY)).toMatchObject({ state: 'invalid' });
    expect(idNumberFeedback('1101051949123100211', TODAY)).toMatchObject({ state: 'invalid' });
  });

  it('the composable follows the field', async () => {
    const raw = ref('');
    const today = ref(TODAY);
    const { data, error } = useIdNumberFeedback(raw, today);
    expect(data.value.state).toBe('empty');
    raw.value = '110105194912310021';
    await nextTick();
    expect(error.value).toBe('身份证号校验位不正确，请核对是否输错');
    raw.value = '11010519491231002X';
    await nextTick();
    expect(error.value).toBe('');
    expect(data.value.age).toBe(75);
  });
});

describe('phone feedback', () => {
  it('normalises +86, spaces, dashes and full-width digits', () => {
    expect(phoneFeedback('+86 138-0000-1234')).toMatchObject({ state: 'valid', normalized: '13800001234' });
    expect(phoneFeedback('１３８００００１２３４')).toMatchObject({ state: 'valid', normalized: '13800001234' });
  });

  it('counts while typing and explains a wrong number', () => {
    expect(phoneFeedback('1380')).toMatchObject({ state: 'typing' });
    expect(phoneFeedback('12800001234')).toMatchObject({
      state: 'invalid',
      message: '手机号应为11位，以1开头（可带+86）',
    });
    expect(phoneFeedback('abc')).toMatchObject({ state: 'invalid' });
  });
});
