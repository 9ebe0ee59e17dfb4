import type { Page } from 'playwright-core';

export interface Overflow {
  /** The document's scroll width: more than the window's width means the page itself scrolls sideways. */
  scrollWidth: number;
  /** What does not fit, for the failure message: the first few offenders, each with where it ends. */
  offenders: string[];
}

/**
 * What does not fit the window's width, element by element. The document's scroll width alone cannot see an
 * overflow on the console: its page area (ElMain) scrolls on its own and a parent that hides its overflow cuts
 * a button off without widening anything. So an offender is
 * - an element whose right edge passes the window's, unless a box of its own scrolls sideways (a wide table in
 *   its scroller is read by scrolling it; the console's page area and a dialog's overlay do not count as such);
 * - a text field whose placeholder or value is wider than the field (cut off, it no longer says what to type);
 * - the console's header on more than one line without a warning in it: its page title, user and 退出 are
 *   meant to share one line, only a warning banner may take a second.
 */
export function overflowOf(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const describe = (el: Element) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`;
    const pageAreas = ['zl-console__main', 'el-overlay-dialog', 'el-overlay'];
    const scrollsSideways = (el: HTMLElement) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (pageAreas.some((c) => up!.classList.contains(c))) continue;
        if (up.classList.contains('el-table') || ['auto', 'scroll'].includes(getComputedStyle(up).overflowX))
          return true;
      }
      return false;
    };
    const shown = (el: HTMLElement) => el.offsetParent !== null || getComputedStyle(el).position === 'fixed';
    const elements = [...document.querySelectorAll<HTMLElement>('body *')].filter(shown);

    const pastTheEdge = elements
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !scrollsSideways(el))
      .map((el) => `${describe(el)} → ${Math.round(el.getBoundingClientRect().right)}`);

    const canvas = document.createElement('canvas').getContext('2d')!;
    const cutText = [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')]
      .filter(shown)
      .filter(
        (field) =>
          !(field instanceof HTMLInputElement) || ['text', 'search', 'tel', 'password', ''].includes(field.type),
      )
      .flatMap((field) => {
        const text = field.value || field.placeholder;
        if (!text || field instanceof HTMLTextAreaElement) return [];
        const style = getComputedStyle(field);
        canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const room = field.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        const needs = canvas.measureText(text).width;
        return needs > room + 1
          ? [`${describe(field)} 「${text}」 ${Math.round(needs)}px in ${Math.round(room)}px`]
          : [];
      });

    const header = document.querySelector<HTMLElement>('.zl-console__header');
    const parts = header
      ? [...header.children].filter((el): el is HTMLElement => el instanceof HTMLElement && shown(el))
      : [];
    const firstLineEnds = Math.min(...parts.map((el) => el.getBoundingClientRect().bottom));
    const onLaterLines = parts.filter((el) => el.getBoundingClientRect().top >= firstLineEnds - 1);
    const wrappedHeader =
      onLaterLines.length && !header!.querySelector('[role="alert"]')
        ? [`${describe(header!)} puts ${onLaterLines.map(describe).join(', ')} on a second line`]
        : [];

    return {
      scrollWidth: document.documentElement.scrollWidth,
      offenders: [...pastTheEdge.slice(0, 3), ...cutText.slice(0, 3), ...wrappedHeader],
    };
  });
}
