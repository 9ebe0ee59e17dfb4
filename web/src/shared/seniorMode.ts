import { defineStore } from 'pinia';
import { ref, watch } from 'vue';

export const SENIOR_MODE_STORAGE_KEY = 'zhongli.seniorMode';
export const SENIOR_MODE_CLASS = 'senior-mode';

function readStored(): boolean {
  try {
    return globalThis.localStorage?.getItem(SENIOR_MODE_STORAGE_KEY) === '1';
  } catch {
    return false; // storage blocked (private mode in some webviews): default off
  }
}

function writeStored(enabled: boolean): void {
  try {
    globalThis.localStorage?.setItem(SENIOR_MODE_STORAGE_KEY, enabled ? '1' : '0');
  } catch {
    /* not persisted, but the page still switches */
  }
}

export function applySeniorModeClass(enabled: boolean): void {
  if (typeof document === 'undefined') return;
  document.documentElement.classList.toggle(SENIOR_MODE_CLASS, enabled);
}

/**
 * 长辈版 (large-text mode). Kept per device in localStorage, because the person who needs it
 * often uses a shared or family phone and may not be signed in. Applied as a class on <html>
 * so that plain CSS (and Vant's CSS variables) do the rest.
 */
export const useSeniorModeStore = defineStore('seniorMode', () => {
  const enabled = ref(readStored());
  applySeniorModeClass(enabled.value);
  watch(enabled, (value) => {
    writeStored(value);
    applySeniorModeClass(value);
  });
  function toggle(): void {
    enabled.value = !enabled.value;
  }
  function set(value: boolean): void {
    enabled.value = value;
  }
  return { enabled, toggle, set };
});
