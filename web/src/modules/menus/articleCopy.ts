/** How the article reached the clipboard. */
export type CopyOutcome = 'rich' | 'selection' | 'plain' | 'failed';

export interface CopyEnvironment {
  clipboard?: Pick<Clipboard, 'write' | 'writeText'>;
  ClipboardItem?: typeof ClipboardItem;
  document?: Document;
}

function defaultEnvironment(): CopyEnvironment {
  return {
    clipboard: typeof navigator !== 'undefined' ? navigator.clipboard : undefined,
    ClipboardItem: typeof ClipboardItem !== 'undefined' ? ClipboardItem : undefined,
    document: typeof document !== 'undefined' ? document : undefined,
  };
}

/** The article's text without tags, for the text/plain flavour. */
export function htmlToPlainText(
  html: string,
  doc: Document | undefined = typeof document !== 'undefined' ? document : undefined,
): string {
  if (!doc) return html.replace(/<[^>]*>/g, '');
  const box = doc.createElement('div');
  box.innerHTML = html;
  return (box.textContent ?? '').replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * Copies the article so that pasting into the 公众号 editor keeps its formatting:
 * 1. the async Clipboard API with text/html and text/plain (HTTPS or localhost);
 * 2. otherwise (a desk PC on plain HTTP, an older browser) select the rendered HTML in a hidden
 *    editable box and `execCommand('copy')`, which also copies rich text;
 * 3. last, the plain text only.
 */
export async function copyRichHtml(html: string, env: CopyEnvironment = defaultEnvironment()): Promise<CopyOutcome> {
  const plain = htmlToPlainText(html, env.document);
  if (env.clipboard?.write && env.ClipboardItem) {
    try {
      await env.clipboard.write([
        new env.ClipboardItem({
          'text/html': new Blob([html], { type: 'text/html' }),
          'text/plain': new Blob([plain], { type: 'text/plain' }),
        }),
      ]);
      return 'rich';
    } catch {
      /* permission refused or not supported: fall through */
    }
  }
  if (env.document && copyBySelection(html, env.document)) return 'selection';
  if (env.clipboard?.writeText) {
    try {
      await env.clipboard.writeText(plain);
      return 'plain';
    } catch {
      /* fall through */
    }
  }
  return 'failed';
}

function copyBySelection(html: string, doc: Document): boolean {
  const box = doc.createElement('div');
  box.contentEditable = 'true';
  box.innerHTML = html;
  box.style.position = 'fixed';
  box.style.left = '-10000px';
  box.style.top = '0';
  box.style.width = '677px';
  doc.body.appendChild(box);
  try {
    const selection = doc.getSelection();
    if (!selection) return false;
    const range = doc.createRange();
    range.selectNodeContents(box);
    selection.removeAllRanges();
    selection.addRange(range);
    const ok = typeof doc.execCommand === 'function' && doc.execCommand('copy');
    selection.removeAllRanges();
    return ok;
  } catch {
    return false;
  } finally {
    box.remove();
  }
}

/** Copies the HTML source as text (for editors that take source, or to keep a copy). */
export async function copySource(html: string, env: CopyEnvironment = defaultEnvironment()): Promise<boolean> {
  if (env.clipboard?.writeText) {
    try {
      await env.clipboard.writeText(html);
      return true;
    } catch {
      /* fall through */
    }
  }
  if (!env.document) return false;
  const area = env.document.createElement('textarea');
  area.value = html;
  area.style.position = 'fixed';
  area.style.left = '-10000px';
  env.document.body.appendChild(area);
  try {
    area.select();
    return typeof env.document.execCommand === 'function' && env.document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
