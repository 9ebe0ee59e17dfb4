import { onBeforeUnmount, onMounted, type Ref } from 'vue';

/**
 * Desks that serve a queue by scanning member cards: the code box has focus on arrival, and a card
 * scanned while focus is elsewhere (on a picker or a button) is not lost — digits typed outside a
 * text box go to the code box, so the scanner's trailing Enter never presses a button meant for
 * the previous resident.
 */
export function useScanCatcher(codeBox: Ref<{ focus: () => void } | undefined>): void {
  function catchScan(event: KeyboardEvent): void {
    const target = event.target as HTMLElement | null;
    if (!/^\d$/.test(event.key) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
    codeBox.value?.focus();
  }
  onMounted(() => {
    codeBox.value?.focus();
    document.addEventListener('keydown', catchScan, true);
  });
  onBeforeUnmount(() => document.removeEventListener('keydown', catchScan, true));
}
