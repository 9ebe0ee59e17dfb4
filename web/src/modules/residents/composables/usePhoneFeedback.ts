import { computed, type Ref } from 'vue';
import { normalizePhone, PHONE_MESSAGE, toHalfWidth } from '@zhongli/domain';

export interface PhoneFeedback {
  state: 'empty' | 'typing' | 'valid' | 'invalid';
  message: string;
  normalized?: string;
}

export function phoneFeedback(raw: string): PhoneFeedback {
  const trimmed = raw.trim();
  if (!trimmed) return { state: 'empty', message: '' };
  const phone = normalizePhone(trimmed);
  if (phone) return { state: 'valid', message: `将登记为 ${phone}`, normalized: phone };
  const digits = toHalfWidth(trimmed).replace(/[^\d]/g, '');
  if (digits.length < 11 && /^[\d\s\-+()\uFF10-\uFF19\uFF0B]*$/.test(trimmed)) {
    return { state: 'typing', message: `已输入${digits.length}位` };
  }
  return { state: 'invalid', message: PHONE_MESSAGE };
}

export function usePhoneFeedback(raw: Ref<string>) {
  const data = computed(() => phoneFeedback(raw.value));
  const error = computed(() => (data.value.state === 'invalid' ? data.value.message : ''));
  const isLoading = computed(() => false);
  return { data, isLoading, error };
}
