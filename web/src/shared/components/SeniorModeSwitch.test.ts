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

  it('turns 长辈版 on from the words 长辈版 and from the line under them, once per tap', async () => {
    const wrapper = mount(SeniorModeSwitch, { attachTo: document.body });
    const toggle = wrapper.get('[data-testid="senior-mode-switch"]');
    // the innermost element holding each text, as a finger on it would hit
    const byText = (text: string) =>
      wrapper
        .findAll('*')
        .filter((e) => e.text() === text)
        .at(-1);
    const title = byText('长辈版');
    const hint = byText('字更大、按钮更大，看得清、点得准');
    expect(title).toBeDefined();
    expect(hint).toBeDefined();

    await title!.trigger('click');
    expect(toggle.attributes('aria-checked')).toBe('true');
    expect(localStorage.getItem(SENIOR_MODE_STORAGE_KEY)).toBe('1');

    await hint!.trigger('click');
    expect(toggle.attributes('aria-checked')).toBe('false');
    expect(document.documentElement.classList.contains(SENIOR_MODE_CLASS)).toBe(false);
    wrapper.unmount();
  });

  it('names the switch and describes it with the line under the words', () => {
    const wrapper = mount(SeniorModeSwitch, { attachTo: document.body });
    const toggle = wrapper.get('[data-testid="senior-mode-switch"]');
    expect(toggle.attributes('aria-label')).toBe('长辈版（大字模式）');
    const describedBy = toggle.attributes('aria-describedby');
    expect(describedBy).toBeTruthy();
    expect(document.getElementById(describedBy!)?.textContent).toBe('字更大、按钮更大，看得清、点得准');
    wrapper.unmount();
  });
});
