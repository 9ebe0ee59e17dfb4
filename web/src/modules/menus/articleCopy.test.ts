// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { copyRichHtml, copySource, htmlToPlainText } from './articleCopy';

const HTML = '<section style="padding:8px"><p style="font-size:16px">东城社区 <strong>健康讲座</strong></p></section>';

class FakeItem {
  constructor(readonly items: Record<string, Blob>) {}
}

describe('copying the article', () => {
  it('writes text/html and text/plain with the Clipboard API', async () => {
    const write = vi.fn(async (_items: unknown[]) => undefined);
    const outcome = await copyRichHtml(HTML, {
      clipboard: { write, writeText: vi.fn() },
      ClipboardItem: FakeItem as unknown as typeof ClipboardItem,
      document,
    });
    expect(outcome).toBe('rich');
    const item = write.mock.calls[0]![0]![0] as FakeItem;
    expect(Object.keys(item.items)).toEqual(['text/html', 'text/plain']);
    expect(await item.items['text/html']!.text()).toBe(HTML);
    expect(await item.items['text/plain']!.text()).toBe('东城社区 健康讲座');
  });

  it('falls back to selecting the rendered HTML when the Clipboard API refuses', async () => {
    const write = vi.fn(async () => {
      throw new Error('NotAllowedError');
    });
    const exec = vi.fn(() => true);
    (document as unknown as { execCommand: typeof exec }).execCommand = exec;
    const outcome = await copyRichHtml(HTML, {
      clipboard: { write, writeText: vi.fn() },
      ClipboardItem: FakeItem as unknown as typeof ClipboardItem,
      document,
    });
    expect(outcome).toBe('selection');
    expect(exec).toHaveBeenCalledWith('copy');
    // the hidden box is removed again
    expect(document.body.querySelector('[contenteditable]')).toBeNull();
  });

  it('copies plain text as a last resort, and says when nothing worked', async () => {
    (document as unknown as { execCommand: () => boolean }).execCommand = () => false;
    const writeText = vi.fn(async () => undefined);
    expect(await copyRichHtml(HTML, { clipboard: { write: undefined as never, writeText }, document })).toBe('plain');
    expect(writeText).toHaveBeenCalledWith('东城社区 健康讲座');
    expect(await copyRichHtml(HTML, { document })).toBe('failed');
  });

  it('copies the source as text', async () => {
    const writeText = vi.fn(async () => undefined);
    expect(await copySource(HTML, { clipboard: { write: vi.fn(), writeText }, document })).toBe(true);
    expect(writeText).toHaveBeenCalledWith(HTML);
  });

  it('strips tags for the plain flavour', () => {
    expect(htmlToPlainText('<p>a</p><p>b &amp; c</p>')).toBe('ab & c');
  });
});
