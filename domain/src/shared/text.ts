/** Full-width ASCII (０-９, Ｘ, ＋ …, typed by Chinese input methods) to half-width; ideographic space to space. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}
