/**
 * Names on public pages: keep the family name, mask the rest. Two characters → 张*; three → 王*丽
 * (the last character stays, as Chinese notices do); longer names keep first and last.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.join('') + '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}
