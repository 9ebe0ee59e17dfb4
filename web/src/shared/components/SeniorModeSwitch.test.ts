// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { SENIOR_MODE_CLASS, SENIOR_MODE_STORAGE_KEY } from '../seniorMode';
import SeniorModeSwitch from './SeniorModeSwitch.vue';

// Vant's per-component CSS entries import .css files, which Node cannot load when vant is not
// inlined by vite; the styles play no part in this test.
vi.mock('vant/es/cell/style', () => ({}));
vi.mock('vant/es/switch/style', () => ({}));

beforeEach(() => {
  localStorage.clear();
  document.documentElement.className = '';
  setActivePinia(createPinia());
});

describe('SeniorModeSwitch', () => {
  it('turns 长辈版 on and off from the switch', async () => {
    const wrapper = mount(SeniorModeSwitch);
    const toggle = wrapper.get('[data-testid="senior-mode-switch"]');
    expect(toggle.attributes('role')).toBe('switch');
    expect(toggle.attributes('aria-checked')).toBe('false');

    await toggle.trigger('click');
    expect(toggle.attributes('aria-checked')).toBe('true');
    expect(document.documentElement.classList.contains(SENIOR_MODE_CLASS)).toBe(true);
    expect(localStorage.getItem(SENIOR_MODE_STORAGE_KEY)).toBe('1');

    await toggle.trigger('click');
    expect(document.documentElement.classList.contains(SENIOR_MODE_CLASS)).toBe(false);
  });
});
