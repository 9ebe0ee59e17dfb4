/** Printed with every number when the service has no words of its own for residents. */
export const QUEUE_HINT = '叫号时不在也不要紧，回来告诉工作人员，会优先为您服务。';

/** What a ticket, slip or hall screen says under the number: the service's own notes, else the neutral hint. */
export function serviceNoteLines(service: { residentNote?: string | null; companionNote?: string | null }): string[] {
  const lines = [service.residentNote, service.companionNote].filter((l): l is string => !!l && !!l.trim());
  return lines.length ? lines : [QUEUE_HINT];
}

const PX_PER_MM = 96 / 25.4;

/**
 * Prints only the number slip, on 58 mm receipt paper cut to the slip's length: the slip is copied
 * into a hidden frame with the page's stylesheets and printed from there, so nothing else of the
 * page (menu, tables) comes out of the receipt printer.
 */
export function printSlip(slip: HTMLElement | null | undefined): void {
  if (!slip || typeof document === 'undefined') return;
  const frame = document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.setAttribute('data-testid', 'slip-print-frame');
  frame.style.cssText = 'position:fixed;left:-10000px;top:0;width:260px;height:900px;border:0;';
  document.body.appendChild(frame);
  const doc = frame.contentDocument;
  const win = frame.contentWindow;
  if (!doc || !win) {
    frame.remove();
    return;
  }
  const styles = Array.from(document.querySelectorAll('link[rel="stylesheet"], style'), (node) => node.outerHTML).join(
    '',
  );
  doc.open();
  doc.write(
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>排队号</title>${styles}<style>html,body{margin:0;padding:0;background:#fff}.zl-slip58{border:0 !important;margin:0 !important}</style></head><body>${slip.outerHTML}</body></html>`,
  );
  doc.close();
  let printed = false;
  const print = () => {
    if (printed) return;
    printed = true;
    const height = doc.body.firstElementChild?.getBoundingClientRect().height ?? 400;
    const page = doc.createElement('style');
    page.textContent = `@page { size: 58mm ${Math.ceil(height / PX_PER_MM) + 4}mm; margin: 0; }`;
    doc.head.appendChild(page);
    win.focus();
    win.print();
    setTimeout(() => frame.remove(), 3000);
  };
  // the copied stylesheets are cached, but must have applied before measuring
  if (doc.readyState === 'complete') setTimeout(print, 100);
  else frame.addEventListener('load', () => setTimeout(print, 50));
  setTimeout(print, 1500);
}
