import { computed, type Ref } from 'vue';
import { ageOn, checkIdNumber, ID_NUMBER_PROBLEM_MESSAGES, normalizeIdNumber } from '@zhongli/domain';
import { formatBirthDateZh } from '../../../shared/dates';

export interface IdNumberFeedback {
  /** 'empty' until something is typed; 'typing' while fewer than 18 characters. */
  state: 'empty' | 'typing' | 'valid' | 'invalid';
  message: string;
  birthDate?: string;
  age?: number;
  gender?: 'male' | 'female';
  normalized?: string;
}

/**
 * Live feedback on an ID number as staff type it at the desk, using the domain's own check
 * (full-width digits and a lower-case x are accepted). While the number is still short it only
 * counts characters, so nobody is scolded halfway through typing.
 */
export function idNumberFeedback(raw: string, today: string): IdNumberFeedback {
  const normalized = normalizeIdNumber(raw);
  if (!normalized) return { state: 'empty', message: '' };
  if (normalized.length < 18 && /^\d*$/.test(normalized)) {
    return { state: 'typing', message: `已输入${normalized.length}位，共18位` };
  }
  const result = checkIdNumber(raw, today);
  if (!result.ok) return { state: 'invalid', message: ID_NUMBER_PROBLEM_MESSAGES[result.problem] };
  const age = ageOn(result.birthDate, today);
  return {
    state: 'valid',
    message: `出生日期 ${formatBirthDateZh(result.birthDate)}，${age}周岁，${result.gender === 'male' ? '男' : '女'}`,
    birthDate: result.birthDate,
    age,
    gender: result.gender,
    normalized: result.normalized,
  };
}

export function useIdNumberFeedback(raw: Ref<string>, today: Ref<string>) {
  const data = computed(() => idNumberFeedback(raw.value, today.value));
  const error = computed(() => (data.value.state === 'invalid' ? data.value.message : ''));
  const isLoading = computed(() => false);
  return { data, isLoading, error };
}
