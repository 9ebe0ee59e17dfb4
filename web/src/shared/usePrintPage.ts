import { onBeforeUnmount, onMounted } from 'vue';

/**
 * The paper a printable page prints on (`@page`), applied only while that page is open: the rule
 * is added on entry and removed on leaving, so no other page inherits an A4 poster's or a member
 * card's page size. `name` marks the style element (`data-zl-print`) for tests and debugging.
 */
export function usePrintPage(name: string, pageCss: string): void {
  let style: HTMLStyleElement | undefined;
  onMounted(() => {
    style = document.createElement('style');
    style.dataset.zlPrint = name;
    style.textContent = pageCss;
    document.head.appendChild(style);
  });
  onBeforeUnmount(() => style?.remove());
}
