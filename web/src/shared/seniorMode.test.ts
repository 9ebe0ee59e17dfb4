// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import { SENIOR_MODE_CLASS, SENIOR_MODE_STORAGE_KEY, useSeniorModeStore } from './seniorMode';

beforeEach(() => {
  localStorage.clear();
  document.documentElement.className = '';
  setActivePinia(createPinia());
});

describe('senior mode (长辈版)', () => {
  it('is off by default', () => {
    const store = useSeniorModeStore();
    expect(store.enabled).toBe(false);
    expect(document.documentElement.classList.contains(SENIOR_MODE_CLASS)).toBe(false);
  });

  it('switching on sets the class on <html> and persists across reloads', async () => {
    const store = useSeniorModeStore();
    store.toggle();
    await nextTick();
    expect(document.documentElement.classList.contains(SENIOR_MODE_CLASS)).toBe(true);
    expect(localStorage.getItem(SENIOR_MODE_STORAGE_KEY)).toBe('1');

    // a fresh app on the same phone
    document.documentElement.className = '';
    setActivePinia(createPinia());
    const again = useSeniorModeStore();
    expect(again.enabled).toBe(true);
    expect(document.documentElement.classList.contains(SENIOR_MODE_CLASS)).toBe(true);
  });

  it('switching off removes the class and remembers that too', async () => {
    localStorage.setItem(SENIOR_MODE_STORAGE_KEY, '1');
    const store = useSeniorModeStore();
    store.set(false);
    await nextTick();
    expect(document.documentElement.classList.contains(SENIOR_MODE_CLASS)).toBe(false);
    expect(localStorage.getItem(SENIOR_MODE_STORAGE_KEY)).toBe('0');
  });
});
