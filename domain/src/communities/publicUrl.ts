/**
 * The center's public address (PUBLIC_URL, or 中心信息): the only base of absolute links — QR codes
 * on paper, the WeChat article, calendar feeds. A request's Host header is never used, because any
 * client can write it.
 */
export const PUBLIC_URL_RULE = '公开网址应为 http:// 或 https:// 开头的完整网址，不含 ? 或 #';

/**
 * The address in its one stored form (no trailing slash, so `${base}/menu/…` is right), or
 * undefined when it is not an absolute http(s) URL without credentials, query or fragment.
 */
export function normalizePublicUrl(raw: string): string | undefined {
  const text = raw.trim();
  if (!/^https?:\/\//i.test(text) || text.includes('?') || text.includes('#') || /\s/.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (!url.hostname || url.username || url.password) return undefined;
  return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, '');
}
